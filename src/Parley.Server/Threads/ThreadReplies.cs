using System.Text;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Messages;

namespace Parley.Server.Threads;

/// <summary>
/// The send batch's thread step, inside its transaction once the replies are inserted: the people a reply concerns
/// follow its thread (the root's author unless they unfollowed; the replier and those it mentions again), the replier
/// has read up to their reply, and each root touched recounts its summary with the next rev (broadcast after the commit).
/// </summary>
public static class ThreadReplies
{
    /// <summary>Rows per INSERT: 5 parameters a row stays far below SQLite's limit of 32,766.</summary>
    private const int Chunk = 1000;

    public sealed record Reply(Message Message, IReadOnlyList<Guid> Reached);

    public static async Task<List<ThreadChangedEvent>> WriteAsync(ParleyDb db, IReadOnlyList<Reply> replies, CancellationToken ct)
    {
        if (replies.Count == 0) return [];
        var rootIds = replies.Select(r => r.Message.ThreadRootId!.Value).Distinct().ToList();
        var starters = await db.Messages.AsNoTracking().Where(m => rootIds.Contains(m.Id)).Select(m => new { m.Id, m.SenderId }).ToListAsync(ct);

        // (user, root) → (room, read up to); one row per key: PostgreSQL refuses an upsert touching a row twice.
        var joining = new Dictionary<(Guid User, Guid Root), (Guid Room, long Read)>();
        foreach (var r in replies)
        {
            var m = r.Message;
            var root = m.ThreadRootId!.Value;
            Note(joining, (m.SenderId, root), m.RoomId, m.Seq);
            foreach (var id in r.Reached) Note(joining, (id, root), m.RoomId, 0);
        }
        await UpsertAsync(db, joining, refollow: true, ct);
        var roomOf = replies.GroupBy(r => r.Message.ThreadRootId!.Value).ToDictionary(g => g.Key, g => g.First().Message.RoomId);
        var started = starters.Where(s => !joining.ContainsKey((s.SenderId, s.Id)))
            .ToDictionary(s => (s.SenderId, s.Id), s => (roomOf[s.Id], 0L));
        await UpsertAsync(db, started, refollow: false, ct);

        var changes = new List<ThreadChangedEvent>(rootIds.Count);
        foreach (var root in rootIds) changes.Add(await ThreadSummaries.RefreshAsync(db, roomOf[root], root, ct));
        return changes;
    }

    /// <summary>
    /// An edit of a reply that mentions people it didn't before: they follow its thread, as a send would have made them
    /// (again, if they had unfollowed), keeping their read position. Inside the edit's transaction.
    /// </summary>
    public static Task FollowMentionedAsync(ParleyDb db, Message reply, IReadOnlyList<Guid> newlyMentioned, CancellationToken ct) =>
        UpsertAsync(db, newlyMentioned.Distinct().ToDictionary(id => (User: id, Root: reply.ThreadRootId!.Value), _ => (Room: reply.RoomId, Read: 0L)), refollow: true, ct);

    private static void Note(Dictionary<(Guid, Guid), (Guid Room, long Read)> rows, (Guid, Guid) key, Guid room, long read) =>
        rows[key] = (room, rows.TryGetValue(key, out var had) ? Math.Max(had.Read, read) : read);

    /// <summary>
    /// refollow: an existing row follows again and its read position moves forward; otherwise an existing row is left
    /// as it is (the author who unfollowed stays so).
    /// </summary>
    private static async Task UpsertAsync(ParleyDb db, Dictionary<(Guid User, Guid Root), (Guid Room, long Read)> rows, bool refollow, CancellationToken ct)
    {
        foreach (var chunk in rows.Chunk(Chunk))
        {
            var values = new List<object>(chunk.Length * 5);
            var sql = new StringBuilder("INSERT INTO thread_follows (user_id, root_id, room_id, following, last_read_seq) VALUES ");
            sql.AppendJoin(',', chunk.Select(row =>
            {
                var at = values.Count;
                values.AddRange([row.Key.User, row.Key.Root, row.Value.Room, true, row.Value.Read]);
                return $"({{{at}}},{{{at + 1}}},{{{at + 2}}},{{{at + 3}}},{{{at + 4}}})";
            }));
            sql.Append(refollow
                ? " ON CONFLICT (user_id, root_id) DO UPDATE SET following = excluded.following, last_read_seq = CASE WHEN excluded.last_read_seq > thread_follows.last_read_seq THEN excluded.last_read_seq ELSE thread_follows.last_read_seq END"
                : " ON CONFLICT (user_id, root_id) DO NOTHING");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), values, ct);
        }
    }
}
