using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Rooms;

namespace Parley.Server.Threads;

/// <summary>
/// A thread seen by one person: its root and state, following, read position, and the Threads view. Replies
/// themselves go through MessageService (the one write path); pages of a thread are history pages (?thread=).
/// </summary>
public sealed class ThreadService(ParleyDb db, RoomAccess access, IChatAudience groups)
{
    public const int MaxLimit = 100;

    /// <summary>The root of a thread the caller may read; 404 for anything else (hidden rooms look like none).</summary>
    private async Task<Message> ReadableRootAsync(Guid me, Guid rootId, CancellationToken ct)
    {
        var root = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == rootId, ct);
        if (root is null || root.Kind != MessageKind.Text || root.ThreadRootId is not null) throw ParleyError.NotFound("Thread");
        await access.RequireReadableAsync(me, root.RoomId, ct);
        return root;
    }

    public async Task<ThreadDto> GetAsync(Guid me, Guid rootId, CancellationToken ct)
    {
        var root = await ReadableRootAsync(me, rootId, ct);
        return new ThreadDto((await MessageDtos.BuildAsync(db, [root], ct, me))[0], await StateAsync(me, root, ct));
    }

    /// <summary>Follow (true) or unfollow (false) a thread; your other tabs hear of it.</summary>
    public async Task<ThreadStateDto> FollowAsync(Guid me, Guid rootId, bool follow, CancellationToken ct)
    {
        var root = await ReadableRootAsync(me, rootId, ct);
        if (root.DeletedAt is not null && follow) throw ParleyError.Invalid("rootId", "The message that started this thread was deleted.");
        var updated = await db.ThreadFollows.Where(f => f.UserId == me && f.RootId == rootId)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Following, follow), ct);
        if (updated == 0)
        {
            db.ThreadFollows.Add(new ThreadFollow { UserId = me, RootId = rootId, RoomId = root.RoomId, Following = follow });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // A reply made the row meanwhile: set it as asked.
                db.ChangeTracker.Clear();
                await db.ThreadFollows.Where(f => f.UserId == me && f.RootId == rootId).ExecuteUpdateAsync(s => s.SetProperty(f => f.Following, follow), ct);
            }
        }
        var state = await StateAsync(me, root, ct);
        await groups.ToUser(me).ThreadStateChanged(state);
        return state;
    }

    /// <summary>Moves your read position in a thread forward (never back). A thread you never followed keeps no position.</summary>
    public async Task<ThreadStateDto> MarkReadAsync(Guid me, Guid rootId, long seq, CancellationToken ct)
    {
        if (seq < 0) throw ParleyError.Invalid("seq", "seq must be 0 or more.");
        var root = await ReadableRootAsync(me, rootId, ct);
        await db.ThreadFollows.Where(f => f.UserId == me && f.RootId == rootId && f.LastReadSeq < seq)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.LastReadSeq, seq), ct);
        var state = await StateAsync(me, root, ct);
        await groups.ToUser(me).ThreadStateChanged(state);
        return state;
    }

    private Task<ThreadStateDto> StateAsync(Guid me, Message root, CancellationToken ct) => StateAsync(db, me, root.Id, root.RoomId, ct);

    /// <summary>One person's state of a thread (also sent by an edit that made them follow it).</summary>
    internal static async Task<ThreadStateDto> StateAsync(ParleyDb db, Guid me, Guid rootId, Guid roomId, CancellationToken ct)
    {
        var row = await db.ThreadFollows.AsNoTracking().FirstOrDefaultAsync(f => f.UserId == me && f.RootId == rootId, ct);
        var read = row?.LastReadSeq ?? 0;
        var unread = row is null ? 0 : await db.Messages.CountAsync(m => m.ThreadRootId == rootId && m.Seq > read && m.SenderId != me && m.DeletedAt == null, ct);
        return new ThreadStateDto(rootId, roomId, row?.Following ?? false, read, unread);
    }

    /// <summary>
    /// The threads you follow in conversations you are still in, latest activity (last reply, or the root when none)
    /// first; page on with ?before=nextBefore.
    /// </summary>
    public async Task<FollowedThreadsPage> ListAsync(Guid me, string? before, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit) throw ParleyError.Invalid("limit", $"limit must be 1 to {MaxLimit}.");
        DateTime? until = null;
        if (before is not null)
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks <= 0 || ticks > DateTime.MaxValue.Ticks)
                throw ParleyError.Invalid("before", "before must be the nextBefore of an earlier page.");
            until = new DateTime(ticks, DateTimeKind.Utc);
        }
        var take = limit ?? 30;
        var q = from f in db.ThreadFollows.AsNoTracking()
                where f.UserId == me && f.Following && db.RoomMembers.Any(rm => rm.RoomId == f.RoomId && rm.UserId == me)
                join m in db.Messages.AsNoTracking() on f.RootId equals m.Id
                select new { Follow = f, Root = m, Activity = m.ThreadLastReplyAt ?? m.CreatedAt };
        if (until is { } u) q = q.Where(x => x.Activity < u);
        var rows = await q.OrderByDescending(x => x.Activity).ThenByDescending(x => x.Root.Seq).Take(take + 1).ToListAsync(ct);
        var hasMore = rows.Count > take;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        if (rows.Count == 0) return new FollowedThreadsPage([], null);

        var ids = rows.Select(r => r.Root.Id).ToList();
        var unread = await (from f in db.ThreadFollows
                            where f.UserId == me && ids.Contains(f.RootId)
                            join r in db.Messages on (Guid?)f.RootId equals r.ThreadRootId
                            where r.Seq > f.LastReadSeq && r.SenderId != me && r.DeletedAt == null
                            group r by f.RootId into g
                            select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var mentioned = await (from f in db.ThreadFollows
                               where f.UserId == me && ids.Contains(f.RootId)
                               join r in db.Messages on (Guid?)f.RootId equals r.ThreadRootId
                               where r.Seq > f.LastReadSeq && r.DeletedAt == null
                               join mn in db.Mentions on r.Id equals mn.MessageId
                               where mn.UserId == me
                               group r by f.RootId into g
                               select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var roots = (await MessageDtos.BuildAsync(db, [.. rows.Select(r => r.Root)], ct)).ToDictionary(m => m.Id);
        var roomIds = rows.Select(r => r.Root.RoomId).Distinct().ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var items = rows.Select(r => new FollowedThreadDto(roots[r.Root.Id], rooms[r.Root.RoomId].Name, rooms[r.Root.RoomId].Kind.Wire(),
            r.Follow.LastReadSeq, unread.GetValueOrDefault(r.Root.Id), mentioned.GetValueOrDefault(r.Root.Id))).ToList();
        return new FollowedThreadsPage(items, hasMore ? rows[^1].Activity.Ticks.ToString(CultureInfo.InvariantCulture) : null);
    }
}
