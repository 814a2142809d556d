using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Rooms;

namespace Parley.Server.Sidebar;

/// <summary>
/// Each user's sidebar: sections in their order, collapsed or not, and which conversations sit outside their default
/// section. Private to the user; every change is published whole (it is small) as SidebarChanged to their own
/// connections after the save, so every tab and device shows the same layout.
/// </summary>
public sealed class SidebarService(ParleyDb db, IChatAudience groups)
{
    public const int MaxCustom = 50, MaxName = 40;

    private static readonly SidebarCategoryKind[] BuiltIns = [SidebarCategoryKind.Favourites, SidebarCategoryKind.Rooms, SidebarCategoryKind.Direct];

    public async Task<SidebarDto> GetAsync(Guid me, CancellationToken ct = default) => await LayoutAsync(me, await CategoriesAsync(me, ct), ct);

    /// <summary>A new custom section, after the last custom one (or right after Favourites when it is the first).</summary>
    public async Task<SidebarCategoryDto> CreateAsync(Guid me, CreateCategoryRequest req, CancellationToken ct = default)
    {
        var name = CheckName(req.Name);
        var all = await CategoriesAsync(me, ct);
        // Two creations at the same moment may pass this count together: one section over the limit is harmless.
        if (all.Count(c => c.Kind == SidebarCategoryKind.Custom) >= MaxCustom)
            throw new ParleyError(409, $"You have {MaxCustom} sections, as many as there may be. Delete one first.");
        RequireNewName(all, name, null);
        var row = new SidebarCategory { Id = Guid.CreateVersion7(), UserId = me, Kind = SidebarCategoryKind.Custom, Name = name };
        var after = all.FindLastIndex(c => c.Kind == SidebarCategoryKind.Custom);
        if (after < 0) after = all.FindIndex(c => c.Kind == SidebarCategoryKind.Favourites);
        all.Insert(after + 1, row);
        db.Add(row);
        Renumber(all);
        await db.SaveChangesAsync(ct);
        var layout = await PublishAsync(me, all, ct);
        return layout.Categories.First(c => c.Id == row.Id);
    }

    /// <summary>Renames a custom section and/or collapses or expands any section.</summary>
    public async Task<SidebarDto> UpdateAsync(Guid me, Guid categoryId, UpdateCategoryRequest req, CancellationToken ct = default)
    {
        var all = await CategoriesAsync(me, ct);
        var category = Find(all, categoryId);
        string? name = null;
        if (req.Name is not null)
        {
            if (category.Kind.IsBuiltIn()) throw ParleyError.Invalid("name", "Favourites, Rooms and Direct messages can't be renamed.");
            name = CheckName(req.Name);
            RequireNewName(all, name, category.Id);
        }
        var changed = false;
        if (name is not null && name != category.Name) (category.Name, changed) = (name, true);
        if (req.Collapsed is { } collapsed && collapsed != category.Collapsed) (category.Collapsed, changed) = (collapsed, true);
        if (!changed) return await LayoutAsync(me, all, ct);
        await db.SaveChangesAsync(ct);
        return await PublishAsync(me, all, ct);
    }

    /// <summary>Deletes a custom section; its conversations go back to their defaults (the placements go with it).</summary>
    public async Task<SidebarDto> DeleteAsync(Guid me, Guid categoryId, CancellationToken ct = default)
    {
        var all = await CategoriesAsync(me, ct);
        var category = Find(all, categoryId);
        if (category.Kind.IsBuiltIn()) throw ParleyError.Invalid("id", "Favourites, Rooms and Direct messages can't be deleted.");
        db.Remove(category);
        all.Remove(category);
        Renumber(all);
        await db.SaveChangesAsync(ct);
        return await PublishAsync(me, all, ct);
    }

    /// <summary>Puts the sections in this order: exactly the user's sections, each once.</summary>
    public async Task<SidebarDto> OrderAsync(Guid me, OrderCategoriesRequest req, CancellationToken ct = default)
    {
        var all = await CategoriesAsync(me, ct);
        var ids = req.CategoryIds;
        if (ids is null || ids.Count != all.Count || ids.Distinct().Count() != ids.Count || ids.Any(id => all.All(c => c.Id != id)))
            throw ParleyError.Invalid("categoryIds", "categoryIds must list each of your sections exactly once.");
        var ordered = ids.Select(id => all.First(c => c.Id == id)).ToList();
        if (!Renumber(ordered)) return await LayoutAsync(me, ordered, ct);
        await db.SaveChangesAsync(ct);
        return await PublishAsync(me, ordered, ct);
    }

    /// <summary>
    /// Moves a conversation of yours into a section of yours: Favourites, a custom section, or its own default (null, or
    /// the built-in of its kind). A room can't go in Direct messages nor a DM in Rooms.
    /// </summary>
    public async Task<SidebarDto> PlaceAsync(Guid me, Guid roomId, PlaceRoomRequest req, CancellationToken ct = default)
    {
        var kind = await MemberRoomKindAsync(me, roomId, ct);
        var all = await CategoriesAsync(me, ct);
        SidebarCategory? target = null;
        if (req.CategoryId is { } id)
        {
            target = Find(all, id);
            var home = kind.IsDm() ? SidebarCategoryKind.Direct : SidebarCategoryKind.Rooms;
            if (target.Kind == home) target = null;
            else if (target.Kind is SidebarCategoryKind.Rooms or SidebarCategoryKind.Direct)
                throw ParleyError.Invalid("categoryId", kind.IsDm() ? "A direct message can't go in Rooms." : "A room can't go in Direct messages.");
        }
        return await MoveAsync(me, roomId, target?.Id, all, ct);
    }

    /// <summary>Favourite: into Favourites. Unfavourite: from Favourites back to its default (elsewhere: no change).</summary>
    public async Task<SidebarDto> FavouriteAsync(Guid me, Guid roomId, FavouriteRoomRequest req, CancellationToken ct = default)
    {
        if (req.Favourite is not { } favourite) throw ParleyError.Invalid("favourite", "favourite must be true or false.");
        await MemberRoomKindAsync(me, roomId, ct);
        var all = await CategoriesAsync(me, ct);
        var favourites = all.First(c => c.Kind == SidebarCategoryKind.Favourites).Id;
        if (favourite) return await MoveAsync(me, roomId, favourites, all, ct);
        var now = await PlacedAsync(me, roomId, ct);
        return now == favourites ? await MoveAsync(me, roomId, null, all, ct) : await LayoutAsync(me, all, ct);
    }

    /// <summary>The conversation's placement becomes <paramref name="target"/> (null: its default); published if it changed.</summary>
    private async Task<SidebarDto> MoveAsync(Guid me, Guid roomId, Guid? target, List<SidebarCategory> all, CancellationToken ct)
    {
        if (await PlacedAsync(me, roomId, ct) == target) return await LayoutAsync(me, all, ct);
        var placements = db.Set<SidebarRoom>().Where(x => x.UserId == me && x.RoomId == roomId);
        try
        {
            if (target is not { } to) await placements.ExecuteDeleteAsync(ct);
            else if (await placements.ExecuteUpdateAsync(s => s.SetProperty(x => x.CategoryId, to), ct) == 0)
            {
                db.Add(new SidebarRoom { UserId = me, RoomId = roomId, CategoryId = to });
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
                {
                    // Placed from another tab at the same moment: this move is the later one.
                    db.ChangeTracker.Clear();
                    await placements.ExecuteUpdateAsync(s => s.SetProperty(x => x.CategoryId, to), ct);
                }
            }
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // Left the room, or deleted the section from another tab, meanwhile: the placement's keys are gone.
            db.ChangeTracker.Clear();
            if (!await db.RoomMembers.AnyAsync(m => m.RoomId == roomId && m.UserId == me, ct)) throw ParleyError.NotFound("Room");
            if (target is { } to && !await db.Set<SidebarCategory>().AnyAsync(c => c.Id == to, ct)) throw ParleyError.NotFound("Section");
            throw;
        }
        return await PublishAsync(me, all, ct);
    }

    private Task<Guid?> PlacedAsync(Guid me, Guid roomId, CancellationToken ct) =>
        db.Set<SidebarRoom>().Where(x => x.UserId == me && x.RoomId == roomId).Select(x => (Guid?)x.CategoryId).FirstOrDefaultAsync(ct);

    /// <summary>The kind of a room the user is a member of; 404 for any other (a public room not joined too: it isn't in their sidebar).</summary>
    private async Task<RoomKind> MemberRoomKindAsync(Guid me, Guid roomId, CancellationToken ct) =>
        await db.RoomMembers.Where(m => m.RoomId == roomId && m.UserId == me)
            .Join(db.Rooms, m => m.RoomId, r => r.Id, (m, r) => (RoomKind?)r.Kind).FirstOrDefaultAsync(ct)
        ?? throw ParleyError.NotFound("Room");

    /// <summary>The user's sections in order (tracked, for changes), the built-ins made on first use.</summary>
    private async Task<List<SidebarCategory>> CategoriesAsync(Guid me, CancellationToken ct)
    {
        var all = await Mine(me).ToListAsync(ct);
        var missing = BuiltIns.Where(k => all.All(c => c.Kind != k)).ToList();
        if (missing.Count == 0) return all;
        foreach (var kind in missing)
        {
            var row = new SidebarCategory { Id = Guid.CreateVersion7(), UserId = me, Kind = kind };
            if (kind == SidebarCategoryKind.Favourites) all.Insert(0, row);
            else all.Add(row);
            db.Add(row);
        }
        Renumber(all);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Another tab made them at the same moment: theirs are the ones.
            db.ChangeTracker.Clear();
            return await Mine(me).ToListAsync(ct);
        }
        return all;
    }

    private IQueryable<SidebarCategory> Mine(Guid me) =>
        db.Set<SidebarCategory>().Where(c => c.UserId == me).OrderBy(c => c.Position).ThenBy(c => c.Kind);

    /// <summary>Positions 0…n-1 in list order; whether any moved.</summary>
    private static bool Renumber(List<SidebarCategory> ordered)
    {
        var moved = false;
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Position == i) continue;
            ordered[i].Position = i;
            moved = true;
        }
        return moved;
    }

    /// <summary>
    /// The layout: each member conversation in its placed section, or its default (Rooms or Direct messages by kind).
    /// Rooms are listed most recent activity first, as the room list is.
    /// </summary>
    private async Task<SidebarDto> LayoutAsync(Guid me, List<SidebarCategory> all, CancellationToken ct)
    {
        var placed = await db.Set<SidebarRoom>().AsNoTracking().Where(x => x.UserId == me).ToDictionaryAsync(x => x.RoomId, x => x.CategoryId, ct);
        var rooms = await db.RoomMembers.AsNoTracking().Where(m => m.UserId == me)
            .Join(db.Rooms, m => m.RoomId, r => r.Id, (m, r) => new { r.Id, r.Kind, r.LastActivityAt })
            .OrderByDescending(r => r.LastActivityAt).ThenBy(r => r.Id)
            .ToListAsync(ct);
        var held = all.ToDictionary(c => c.Id, _ => new List<Guid>());
        var roomsHome = all.First(c => c.Kind == SidebarCategoryKind.Rooms).Id;
        var directHome = all.First(c => c.Kind == SidebarCategoryKind.Direct).Id;
        foreach (var r in rooms)
        {
            var at = placed.TryGetValue(r.Id, out var c) && held.ContainsKey(c) ? c : r.Kind.IsDm() ? directHome : roomsHome;
            held[at].Add(r.Id);
        }
        return new SidebarDto(all.Select(c => new SidebarCategoryDto(c.Id, c.Kind.Wire(), c.Name, c.Collapsed, held[c.Id])).ToList());
    }

    private async Task<SidebarDto> PublishAsync(Guid me, List<SidebarCategory> all, CancellationToken ct)
    {
        var layout = await LayoutAsync(me, all, ct);
        await groups.ToUser(me).SidebarChanged(layout);
        return layout;
    }

    /// <summary>One of the user's sections; another user's (or none) is 404, as if it didn't exist.</summary>
    private static SidebarCategory Find(List<SidebarCategory> all, Guid id) =>
        all.FirstOrDefault(c => c.Id == id) ?? throw ParleyError.NotFound("Section");

    private static string CheckName(string? name)
    {
        if (AccountRules.LineProblem(name, "Section name", MaxName, required: true) is { } p) throw ParleyError.Invalid("name", p);
        return name!.Trim();
    }

    private static void RequireNewName(List<SidebarCategory> all, string name, Guid? except)
    {
        if (all.Any(c => c.Id != except && c.Kind == SidebarCategoryKind.Custom && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw ParleyError.Conflict("name", "You already have a section with that name.");
    }
}
