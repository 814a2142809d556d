using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Rooms;

namespace Parley.Server.Messages;

/// <summary>
/// A page of history around one message: the first at or after a time (jump to date) or a seq (jump to first unread).
/// target is that message's id and seq (null when nothing is that late: then it is the latest page).
/// </summary>
public sealed record AroundPage(IReadOnlyList<MessageDto> Messages, bool HasOlder, bool HasNewer, Guid? TargetId, long? TargetSeq);

public sealed class HistoryAround(ParleyDb db, RoomAccess access)
{
    public async Task<AroundPage> AtAsync(Guid userId, Guid roomId, DateTimeOffset? time, long? seq, int? limit, CancellationToken ct = default)
    {
        if ((time is null) == (seq is null)) throw ParleyError.Invalid("time", "Give time (ISO 8601) or seq, one of them.");
        if (seq < 1) throw ParleyError.Invalid("seq", "seq must be 1 or more.");
        if (limit is < 2 or > MessageService.MaxPage) throw ParleyError.Invalid("limit", $"limit must be 2 to {MessageService.MaxPage}.");
        var take = limit ?? 50;
        await access.RequireReadableAsync(userId, roomId, ct);
        var messages = db.Messages.AsNoTracking().Where(x => x.RoomId == roomId);
        var target = time is { } t
            ? await messages.Where(x => x.CreatedAt >= t.UtcDateTime).OrderBy(x => x.CreatedAt).ThenBy(x => x.Seq).FirstOrDefaultAsync(ct)
            : await messages.Where(x => x.Seq >= seq).OrderBy(x => x.Seq).FirstOrDefaultAsync(ct);
        // Nothing that late: the latest page, as history gives it. Else half before the target and half from it on,
        // the one side filling in for the other near either end of the room.
        var from = target?.Seq ?? long.MaxValue;
        var older = await messages.Where(x => x.Seq < from).OrderByDescending(x => x.Seq).Take(take + 1).ToListAsync(ct);
        var newer = target is null ? [] : await messages.Where(x => x.Seq >= from).OrderBy(x => x.Seq).Take(take + 1).ToListAsync(ct);
        var olderCount = Math.Min(older.Count, Math.Max(take / 2, take - newer.Count));
        var newerCount = Math.Min(newer.Count, take - olderCount);
        var hasOlder = older.Count > olderCount;
        var hasNewer = newer.Count > newerCount;
        older = older[..olderCount];
        newer = newer[..newerCount];
        older.Reverse();
        var page = older.Concat(newer).ToList();
        return new AroundPage(await MessageDtos.BuildAsync(db, page, ct, userId), hasOlder, hasNewer, target?.Id, target?.Seq);
    }
}
