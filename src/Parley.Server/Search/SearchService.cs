using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Files;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Moderation;
using Parley.Server.Rooms;

namespace Parley.Server.Search;

/// <summary>Messages, files and people a user may see, found by what they typed (<see cref="SearchQuery"/>).</summary>
public sealed class SearchService(ParleyDb db, IMessageSearch index, TimeProvider clock)
{
    public const int MaxLimit = 50;

    public async Task<MessageResults> MessagesAsync(Guid me, string? q, string? sort, string? before, int? limit, CancellationToken ct = default)
    {
        var take = Take(limit);
        var byRelevance = sort switch
        {
            null or "" or "recent" => false,
            "relevance" => true,
            _ => throw ParleyError.Invalid("sort", "sort is recent or relevance."),
        };
        var cursor = Cursor(before, byRelevance);
        var (query, scope) = await ResolveAsync(me, q, ct);
        if (scope is null) return new([], null);
        var hits = await index.FindAsync(scope with { ByRelevance = byRelevance, Cursor = cursor, Take = take + 1 }, ct);
        var more = hits.Count > take;
        if (more) hits = hits.Take(take).ToList();

        var ids = hits.Select(h => h.MessageId).ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(ct);
        var byId = (await MessageDtos.BuildAsync(db, messages, ct)).ToDictionary(m => m.Id);
        var rooms = await RoomsAsync(me, messages.Select(m => m.RoomId), ct);
        var items = hits.Where(h => byId.ContainsKey(h.MessageId)).Select(h =>
        {
            var m = byId[h.MessageId];
            return new MessageResult(m, rooms[m.RoomId], Snippets.Of(m.Text, query.Terms), byRelevance ? h.Score : null);
        }).ToList();
        string? next = null;
        if (more)
            next = byRelevance ? Encode($"r:{(cursor?.Offset ?? 0) + take}")
                : Encode($"t:{hits[^1].CreatedAt.Ticks}:{hits[^1].MessageId:N}");
        return new(items, next);
    }

    public async Task<FileResults> FilesAsync(Guid me, string? q, string? before, int? limit, CancellationToken ct = default)
    {
        var take = Take(limit);
        var cursor = Cursor(before, byRelevance: false);
        var (query, scope) = await ResolveAsync(me, q, ct);
        if (scope is null) return new([], null);
        var role = await db.ServerRoleOfAsync(me, ct);
        var files = from f in db.Files.AsNoTracking()
                    join m in db.Messages on f.MessageId equals (Guid?)m.Id
                    where f.Purpose == FilePurpose.Attachment && m.DeletedAt == null
                    where db.RoomMembers.Any(x => x.RoomId == m.RoomId && x.UserId == me)
                          || (scope.MayReadPublicRooms && db.Rooms.Any(r => r.Id == m.RoomId && r.Kind == RoomKind.Public)
                              && !db.RoomSanctions.Any(s => s.RoomId == m.RoomId && s.UserId == me && s.Kind == SanctionKind.Ban && (s.ExpiresAt == null || s.ExpiresAt > scope.Now)))
                    where !db.Blocks.Any(b => b.BlockerId == me && b.BlockedId == m.SenderId)
                    select new { File = f, Message = m };
        foreach (var t in query.Terms)
        {
            var needle = t.Text.ToLowerInvariant();
            files = t.Excluded
                ? files.Where(x => !x.File.Name.ToLower().Contains(needle) && !x.File.ContentType.Contains(needle))
                : files.Where(x => x.File.Name.ToLower().Contains(needle) || x.File.ContentType.Contains(needle));
        }
        if (scope.Senders.Count > 0) files = files.Where(x => scope.Senders.Contains(x.Message.SenderId));
        if (scope.Rooms.Count > 0) files = files.Where(x => scope.Rooms.Contains(x.Message.RoomId));
        if (scope.Since is { } since) files = files.Where(x => x.File.CreatedAt >= since);
        if (scope.Until is { } until) files = files.Where(x => x.File.CreatedAt < until);
        if (scope.Has.Contains("image")) files = files.Where(x => x.File.ContentType.StartsWith("image/"));
        if (cursor is { } c) files = files.Where(x => x.File.CreatedAt < c.CreatedAt);
        var rows = await files.OrderByDescending(x => x.File.CreatedAt).Take(take + 1).ToListAsync(ct);
        var more = rows.Count > take;
        if (more) rows.RemoveAt(rows.Count - 1);
        var byId = (await MessageDtos.BuildAsync(db, rows.Select(r => r.Message).DistinctBy(m => m.Id).ToList(), ct)).ToDictionary(m => m.Id);
        var rooms = await RoomsAsync(me, rows.Select(r => r.Message.RoomId), ct);
        var items = rows.Select(r => new FileResult(FileDto.From(r.File), byId.GetValueOrDefault(r.Message.Id), rooms[r.Message.RoomId])).ToList();
        return new(items, more ? Encode($"t:{rows[^1].File.CreatedAt.Ticks}:{rows[^1].File.Id:N}") : null);
    }

    /// <summary>People by user name or display name, or part of either; those sharing a conversation with me first.</summary>
    public async Task<PeopleResults> PeopleAsync(Guid me, string? q, int? limit, CancellationToken ct = default)
    {
        var take = Take(limit);
        if (string.IsNullOrWhiteSpace(q)) throw ParleyError.Invalid("q", "Type a name to search for.");
        var needle = q.Trim().TrimStart('@').ToLowerInvariant();
        var upper = needle.ToUpperInvariant();
        var roommates = GuestScope.RoommatesOf(db, me);
        var users = db.Users.AsNoTracking().Where(u => u.DeactivatedAt == null);
        if (GuestScope.Limits(await db.ServerRoleOfAsync(me, ct))) users = users.Where(u => u.Id == me || roommates.Contains(u.Id));
        var found = await users
            .Where(u => u.NormalizedUserName!.Contains(upper) || u.DisplayName.ToLower().Contains(needle))
            .Select(u => new { User = u, Shares = roommates.Contains(u.Id) && u.Id != me })
            .OrderByDescending(x => x.Shares).ThenBy(x => x.User.NormalizedUserName)
            .Take(take).ToListAsync(ct);
        return new(found.Select(x => PersonResult.From(x.User, x.Shares)).ToList());
    }

    /// <summary>The query with names and dates resolved for <paramref name="me"/>; a null filter when in: names no conversation they have.</summary>
    private async Task<(SearchQuery Query, MessageFilter? Filter)> ResolveAsync(Guid me, string? q, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => new { u.TimeZone, u.ServerRole }).FirstAsync(ct);
        var zone = Zone(user.TimeZone);
        var now = clock.GetUtcNow().UtcDateTime;
        var query = SearchQuery.Parse(q, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone)));
        var mayReadPublic = !GuestScope.Limits(user.ServerRole);

        var visible = db.Users.AsNoTracking().Where(u => u.DeactivatedAt == null);
        if (!mayReadPublic)
        {
            var roommates = GuestScope.RoommatesOf(db, me);
            visible = visible.Where(u => u.Id == me || roommates.Contains(u.Id));
        }
        var senders = new List<Guid>();
        foreach (var name in query.From)
            senders.Add(await IdOfAsync(visible, name, "from", ct));

        var rooms = new List<Guid>();
        foreach (var room in query.In)
        {
            if (room.IsPerson)
            {
                var other = await IdOfAsync(visible, room.Name, "in", ct);
                rooms.AddRange(await db.Rooms.AsNoTracking()
                    .Where(r => r.Kind == RoomKind.Direct
                        && db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == me)
                        && db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == other))
                    .Select(r => r.Id).ToListAsync(ct));
                continue;
            }
            var found = await db.Rooms.AsNoTracking()
                .Where(r => r.NameKey == room.Name && (db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == me) || (mayReadPublic && r.Kind == RoomKind.Public)))
                .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
            rooms.Add(found ?? throw ParleyError.Invalid("q", $"\"in:#{room.Name}\": no conversation you can read is called #{room.Name}."));
        }
        if (query.In.Count > 0 && rooms.Count == 0) return (query, null); // in:@someone you have no DM with

        DateTime? since = null, until = null;
        if (query.On is { } on) { since = StartOf(on, zone); until = StartOf(on.AddDays(1), zone); }
        if (query.After is { } after && (since is null || StartOf(after.AddDays(1), zone) > since)) since = StartOf(after.AddDays(1), zone);
        if (query.Before is { } before && (until is null || StartOf(before, zone) < until)) until = StartOf(before, zone);

        return (query, new MessageFilter(me, mayReadPublic, now, query.Terms, senders, rooms.Distinct().ToList(), since, until,
            query.Has, query.IsMention, false, null, 0));
    }

    private static async Task<Guid> IdOfAsync(IQueryable<Accounts.User> visible, string name, string op, CancellationToken ct)
    {
        var upper = name.ToUpperInvariant();
        return await visible.Where(u => u.NormalizedUserName == upper).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct)
            ?? throw ParleyError.Invalid("q", $"\"{op}:@{name}\": no one is called @{name}.");
    }

    /// <summary>Each room as results name it: rooms by name, DMs by the other people's display names.</summary>
    private async Task<Dictionary<Guid, SearchRoom>> RoomsAsync(Guid me, IEnumerable<Guid> roomIds, CancellationToken ct)
    {
        var ids = roomIds.Distinct().ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var dmIds = rooms.Where(r => r.Kind.IsDm()).Select(r => r.Id).ToList();
        var people = dmIds.Count == 0 ? [] : await (
            from m in db.RoomMembers.AsNoTracking()
            join u in db.Users on m.UserId equals u.Id
            where dmIds.Contains(m.RoomId) && m.UserId != me
            orderby u.DisplayName
            select new { m.RoomId, u.DisplayName }).ToListAsync(ct);
        var names = people.ToLookup(p => p.RoomId, p => p.DisplayName);
        return rooms.ToDictionary(r => r.Id, r => new SearchRoom(r.Id,
            r.Kind.IsDm() ? string.Join(", ", names[r.Id]) : r.Name, r.Kind.Wire()));
    }

    private static int Take(int? limit) =>
        limit is null ? 20 : limit is >= 1 and <= MaxLimit ? limit.Value : throw ParleyError.Invalid("limit", $"limit must be 1 to {MaxLimit}.");

    private static SearchCursor? Cursor(string? before, bool byRelevance)
    {
        if (string.IsNullOrEmpty(before)) return null;
        var bad = ParleyError.Invalid("before", "before must be the nextBefore of an earlier page of the same search.");
        string text;
        try { text = Encoding.UTF8.GetString(Convert.FromBase64String(before.Replace('-', '+').Replace('_', '/').PadRight((before.Length + 3) / 4 * 4, '='))); }
        catch (FormatException) { throw bad; }
        var parts = text.Split(':');
        if (byRelevance)
            return parts is ["r", var o] && int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset < 10_000
                ? new SearchCursor(default, default, offset) : throw bad;
        return parts is ["t", var t, var id] && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks > 0 && ticks <= DateTime.MaxValue.Ticks && Guid.TryParseExact(id, "N", out var guid)
            ? new SearchCursor(new DateTime(ticks, DateTimeKind.Utc), guid, 0) : throw bad;
    }

    private static string Encode(string cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(cursor)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static TimeZoneInfo Zone(string id) =>
        !string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The UTC instant a day starts in the zone (a day starting in a clock change starts at its first valid minute).</summary>
    private static DateTime StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
