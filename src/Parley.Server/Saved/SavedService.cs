using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Moderation;
using Parley.Server.Rooms;

namespace Parley.Server.Saved;

/// <summary>
/// Saved messages: a private list per user. What they can no longer read (a room left, a ban, a deleted message) is
/// left out of the list by its query, never shown; the bookmark itself stays until unsaved or its message is deleted.
/// </summary>
public sealed class SavedService(ParleyDb db, RoomAccess access, IChatAudience groups, TimeProvider clock)
{
    public const int MaxLimit = 100;

    public async Task<SavedChangedEvent> SaveAsync(Guid me, Guid messageId, CancellationToken ct = default)
    {
        var message = await RequireReadableAsync(me, messageId, ct);
        var held = await db.Set<SavedMessage>().AsNoTracking().FirstOrDefaultAsync(x => x.UserId == me && x.MessageId == messageId, ct);
        if (held is not null) return new SavedChangedEvent(messageId, message.RoomId, held.SavedAt);
        var row = new SavedMessage { UserId = me, MessageId = messageId, RoomId = message.RoomId, SavedAt = clock.GetUtcNow().UtcDateTime };
        db.Set<SavedMessage>().Add(row);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Saved from another tab at the same moment: that one is the save.
            return new SavedChangedEvent(messageId, message.RoomId,
                await db.Set<SavedMessage>().Where(x => x.UserId == me && x.MessageId == messageId).Select(x => x.SavedAt).FirstAsync(ct));
        }
        var saved = new SavedChangedEvent(messageId, message.RoomId, row.SavedAt);
        await groups.ToUser(me).SavedChanged(saved);
        return saved;
    }

    public async Task<SavedChangedEvent> UnsaveAsync(Guid me, Guid messageId, CancellationToken ct = default)
    {
        var row = await db.Set<SavedMessage>().AsNoTracking().FirstOrDefaultAsync(x => x.UserId == me && x.MessageId == messageId, ct)
                  ?? throw ParleyError.NotFound("Saved message");
        await db.Set<SavedMessage>().Where(x => x.UserId == me && x.MessageId == messageId).ExecuteDeleteAsync(ct);
        var unsaved = new SavedChangedEvent(messageId, row.RoomId, null);
        await groups.ToUser(me).SavedChanged(unsaved);
        return unsaved;
    }

    /// <summary>Newest saved first, by keyset on (savedAt, messageId); only what the user may read now.</summary>
    public async Task<SavedPage> ListAsync(Guid me, string? before, int? limit, CancellationToken ct = default)
    {
        if (limit is < 1 or > MaxLimit) throw ParleyError.Invalid("limit", $"limit must be 1 to {MaxLimit}.");
        var take = limit ?? 30;
        var guest = GuestScope.Limits(await db.ServerRoleOfAsync(me, ct));
        var now = clock.GetUtcNow().UtcDateTime;
        var q = db.Set<SavedMessage>().AsNoTracking().Where(s => s.UserId == me
            && db.Messages.Any(m => m.Id == s.MessageId && m.DeletedAt == null)
            // Readable as history is: a member, or a public room for a non-guest who isn't banned from it.
            && (db.RoomMembers.Any(m => m.RoomId == s.RoomId && m.UserId == me)
                || (!guest && db.Rooms.Any(r => r.Id == s.RoomId && r.Kind == RoomKind.Public)
                    && !db.RoomSanctions.Any(x => x.RoomId == s.RoomId && x.UserId == me && x.Kind == SanctionKind.Ban && (x.ExpiresAt == null || x.ExpiresAt > now)))));
        if (before is not null)
        {
            var (at, id) = ParseCursor(before);
            q = q.Where(s => s.SavedAt < at || (s.SavedAt == at && s.MessageId.CompareTo(id) < 0));
        }
        var rows = await q.OrderByDescending(s => s.SavedAt).ThenByDescending(s => s.MessageId).Take(take + 1).ToListAsync(ct);
        var hasMore = rows.Count > take;
        if (hasMore) rows.RemoveAt(rows.Count - 1);

        var ids = rows.Select(r => r.MessageId).ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(ct);
        var dtos = (await MessageDtos.BuildAsync(db, messages, ct)).ToDictionary(m => m.Id);
        var roomIds = rows.Select(r => r.RoomId).Distinct().ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var items = rows.Where(r => dtos.ContainsKey(r.MessageId))
            .Select(r => new SavedItem(dtos[r.MessageId], rooms[r.RoomId].Name, rooms[r.RoomId].Kind.Wire(), r.SavedAt))
            .ToList();
        return new SavedPage(items, hasMore ? Cursor(rows[^1]) : null);
    }

    private static string Cursor(SavedMessage s) => $"{s.SavedAt.Ticks.ToString(CultureInfo.InvariantCulture)}_{s.MessageId:N}";

    private static (DateTime, Guid) ParseCursor(string before)
    {
        var parts = before.Split('_');
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks > 0 && ticks <= DateTime.MaxValue.Ticks && Guid.TryParseExact(parts[1], "N", out var id))
            return (new DateTime(ticks, DateTimeKind.Utc), id);
        throw ParleyError.Invalid("before", "before must be the nextBefore of an earlier page.");
    }

    /// <summary>A message the user may read; 404 for anything else (its room hidden, left, or the message deleted).</summary>
    private async Task<Message> RequireReadableAsync(Guid me, Guid messageId, CancellationToken ct)
    {
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == messageId, ct);
        if (message is null || message.DeletedAt is not null || message.Kind != MessageKind.Text) throw ParleyError.NotFound("Message");
        try { await access.RequireReadableAsync(me, message.RoomId, ct); }
        catch (ParleyError) { throw ParleyError.NotFound("Message"); }
        return message;
    }
}
