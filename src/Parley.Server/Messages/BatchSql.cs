using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Parley.Server.Data;

namespace Parley.Server.Messages;

/// <summary>
/// The group commit's writes as plain SQL: EF's change tracking and query translation cost more per message than the
/// database does. On PostgreSQL each kind of row goes as one statement over arrays, all in one command (one round
/// trip); on SQLite (in-process, no round trips) each kind of statement is prepared once and run per row, because Microsoft.Data.Sqlite binds every
/// parameter of a command to every statement in it — quadratic in the batch (the FTS5 tables catch up after the batch
/// is acknowledged: SendBatcher, Search/SqliteSearchIndex). Values are passed as SQLite or PostgreSQL store them (on SQLite: Guids as upper-case text and times as EF writes them, so EF reads them back unchanged).
/// </summary>
public sealed class BatchSql(ParleyDb db, bool sqlite)
{
    private const string InsertMessageSql = "INSERT INTO messages (id, room_id, seq, rev, sender_id, client_message_id, kind, text, reply_to_id, created_at, mention_ids, wildcard, has_files, thread_root_id, also_to_room, has_poll) VALUES ({0},{1},{2},{3},{4},{5},{6},{7},{8},{9},{10},{11},{12},{13},{14},{15})";
    private const string InsertMentionSql = "INSERT INTO mentions (user_id, message_id, room_id, seq, created_at) VALUES ({0},{1},{2},{3},{4})";
    private const string SentSql = "UPDATE room_members SET last_read_seq = max(last_read_seq, {0}), last_sent_at = {3} WHERE room_id = {1} AND user_id = {2}";

    // Given, not asked of EF: DatabaseFacade.IsSqlite() resolves the provider from the context's services on every call
    // (0.6 % of the server's CPU in a fan-out profile, once a batch).
    private readonly bool _sqlite = sqlite;
    private readonly List<Message> _messages = [];
    private readonly List<Mention> _mentions = [];
    private readonly List<(Guid RoomId, Guid UserId, long Seq, DateTime At)> _sent = [];

    private object? Value(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g when _sqlite => g.ToString().ToUpperInvariant(),
        DateTime t when _sqlite => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture),
        _ => value,
    };

    private Guid ReadGuid(DbDataReader reader, int i) => _sqlite ? Guid.Parse(reader.GetString(i)) : reader.GetGuid(i);

    /// <summary>
    /// The (sender, clientMessageId) keys among these that are stored already (a retry). On PostgreSQL the keys as two
    /// arrays, one index probe each (the same statement for any count, so prepared once; `sender_id = ANY(…) AND
    /// client_message_id = ANY(…)` probed every sender with every id: 20 µs more a batch, docs/benchmarks.md); on
    /// SQLite (in process) one prepared probe per key.
    /// </summary>
    public async Task<HashSet<(Guid, string)>> StoredAsync(IReadOnlyCollection<(Guid Sender, string ClientMessageId)> keys, CancellationToken ct)
    {
        var found = new HashSet<(Guid, string)>();
        if (keys.Count == 0) return found;
        if (!_sqlite)
        {
            await using var cmd = Command("SELECT k.sender_id, k.client_message_id FROM unnest(@p0, @p1) AS k(sender_id, client_message_id) "
                + "WHERE EXISTS (SELECT 1 FROM messages m WHERE m.sender_id = k.sender_id AND m.client_message_id = k.client_message_id)",
                [keys.Select(k => k.Sender).ToArray(), keys.Select(k => k.ClientMessageId).ToArray()]);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) found.Add((reader.GetGuid(0), reader.GetString(1)));
            return found;
        }
        await using var probe = Command("SELECT 1 FROM messages WHERE sender_id = @p0 AND client_message_id = @p1", [null, null]);
        foreach (var (sender, cmid) in keys)
        {
            probe.Parameters[0].Value = Value(sender);
            probe.Parameters[1].Value = cmid;
            if (await probe.ExecuteScalarAsync(ct) is not null) found.Add((sender, cmid));
        }
        return found;
    }

    /// <summary>
    /// Takes the next seq and rev for <c>count</c> new messages in each room, with one statement for the whole batch; returns
    /// each room's last seq and rev. The UPDATE locks the rooms' rows (PostgreSQL) or the database (SQLite) until commit,
    /// so a room's writers are serialised and seq has no gaps. Then, under those locks, which of the <paramref name="senders"/>
    /// are no longer in their room (a leave or removal commits under the same lock, so none can slip in between); on
    /// PostgreSQL that is a second statement of the same command (one round trip, and a fresh snapshot taken after the lock).
    /// </summary>
    public async Task<(Dictionary<Guid, (long Seq, long Rev)> Last, HashSet<(Guid RoomId, Guid UserId)> Absent)> NextSeqsAsync(
        IReadOnlyList<(Guid RoomId, int Count)> rooms, IReadOnlyList<(Guid RoomId, Guid UserId)> senders, DateTime now, CancellationToken ct)
    {
        var absent = new HashSet<(Guid, Guid)>();
        if (rooms.Count == 0) return ([], absent);
        // In id order: two nodes' batches of the same rooms then lock them in the same order (a nested loop over the
        // array, PostgreSQL's plan for a batch's few rooms), instead of deadlocking over rooms listed the other way round.
        rooms = [.. rooms.OrderBy(r => r.RoomId)];
        var values = new List<object?>();
        var at = Name(values, now);
        var sql = new StringBuilder("UPDATE rooms SET last_seq = last_seq + v.column2, last_rev = last_rev + v.column2, last_activity_at = ")
            .Append(at);
        // PostgreSQL: the rooms as two arrays, so the statement is the same for any number of rooms (prepared once).
        if (!_sqlite)
            sql.Append(" FROM unnest(").Append(Name(values, rooms.Select(r => r.RoomId).ToArray())).Append(", ")
                .Append(Name(values, rooms.Select(r => r.Count).ToArray())).Append(") AS v(column1, column2)");
        else
            sql.Append(" FROM (VALUES ").AppendJoin(',', rooms.Select(r => $"({Name(values, r.RoomId)},{Name(values, r.Count)})")).Append(") AS v");
        sql.Append(" WHERE rooms.id = v.column1 RETURNING id, last_seq, last_rev");
        if (!_sqlite && senders.Count > 0)
            sql.Append(";\nSELECT k.room_id, k.user_id FROM unnest(").Append(Name(values, senders.Select(s => s.RoomId).ToArray())).Append(", ")
                .Append(Name(values, senders.Select(s => s.UserId).ToArray())).Append(") AS k(room_id, user_id) ")
                .Append("WHERE NOT EXISTS (SELECT 1 FROM room_members m WHERE m.room_id = k.room_id AND m.user_id = k.user_id)");
        var last = new Dictionary<Guid, (long, long)>(rooms.Count);
        await using (var cmd = Command(sql.ToString(), values))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) last[ReadGuid(reader, 0)] = (reader.GetInt64(1), reader.GetInt64(2));
            if (!_sqlite && senders.Count > 0 && await reader.NextResultAsync(ct))
                while (await reader.ReadAsync(ct)) absent.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }
        foreach (var (room, _) in rooms)
            if (!last.ContainsKey(room)) throw new InvalidOperationException($"Room {room} vanished during a write.");
        if (_sqlite && senders.Count > 0)
        {
            await using var probe = Command("SELECT 1 FROM room_members WHERE room_id = @p0 AND user_id = @p1", [null, null]);
            foreach (var (room, user) in senders)
            {
                probe.Parameters[0].Value = Value(room);
                probe.Parameters[1].Value = Value(user);
                if (await probe.ExecuteScalarAsync(ct) is null) absent.Add((room, user));
            }
        }
        return (last, absent);
    }

    public void InsertMessage(Message m) => _messages.Add(m);

    public void InsertMention(Mention m) => _mentions.Add(m);

    /// <summary>
    /// A sender's own message: their read position moves to it and its time is their last send (slow mode's question,
    /// answered from this row instead of an index on messages). Once per room and sender in a batch.
    /// </summary>
    public void Sent(Guid roomId, Guid userId, long seq, DateTime at) => _sent.Add((roomId, userId, seq, at));

    /// <summary>Runs what was added in the current transaction: the messages, then their mentions, then the senders' rows.</summary>
    public async Task ExecuteAsync(CancellationToken ct)
    {
        if (_messages.Count + _mentions.Count + _sent.Count == 0) return;
        if (_sqlite) await ExecuteOnSqliteAsync(ct);
        else await ExecuteOnPostgresAsync(ct);
        _messages.Clear();
        _mentions.Clear();
        _sent.Clear();
    }

    private async Task ExecuteOnSqliteAsync(CancellationToken ct)
    {
        await RunPerRowAsync(InsertMessageSql, _messages, m => [m.Id, m.RoomId, m.Seq, m.Rev, m.SenderId, m.ClientMessageId, m.Kind,
            m.Text, m.ReplyToId, m.CreatedAt, m.MentionIds, m.Wildcard, m.HasFiles, m.ThreadRootId, m.AlsoToRoom, m.HasPoll], ct);
        await RunPerRowAsync(InsertMentionSql, _mentions, m => [m.UserId, m.MessageId, m.RoomId, m.Seq, m.CreatedAt], ct);
        await RunPerRowAsync(SentSql, _sent, r => [r.Seq, r.RoomId, r.UserId, r.At], ct);
    }

    /// <summary>One statement prepared once and run for each row.</summary>
    private async Task RunPerRowAsync<T>(string template, List<T> rows, Func<T, object?[]> values, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var first = values(rows[0]);
        var names = Enumerable.Range(0, first.Length).Select(i => (object)("@p" + i)).ToArray();
        await using var cmd = Command(string.Format(CultureInfo.InvariantCulture, template, names), first.Select(Value).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
        for (var r = 1; r < rows.Count; r++)
        {
            var row = values(rows[r]);
            for (var i = 0; i < row.Length; i++) cmd.Parameters[i].Value = Value(row[i]);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Each kind of row for the whole batch as one statement over arrays (<c>unnest</c>): one round trip, and each
    /// statement's text is the same for any batch, so it is prepared once. Measured against a statement per row in
    /// docs/benchmarks.md (issue 20's PostgreSQL log).
    /// </summary>
    private async Task ExecuteOnPostgresAsync(CancellationToken ct)
    {
        var values = new List<object?>();
        var sql = new StringBuilder();
        if (_messages.Count > 0)
        {
            var ms = _messages;
            sql.Append("INSERT INTO messages (id, room_id, seq, rev, sender_id, client_message_id, kind, text, reply_to_id, created_at, mention_ids, wildcard, has_files, thread_root_id, also_to_room, has_poll) SELECT * FROM unnest(")
                .AppendJoin(',', new object[]
                {
                    ms.Select(m => m.Id).ToArray(), ms.Select(m => m.RoomId).ToArray(), ms.Select(m => m.Seq).ToArray(), ms.Select(m => m.Rev).ToArray(),
                    ms.Select(m => m.SenderId).ToArray(), ms.Select(m => m.ClientMessageId).ToArray(), ms.Select(m => (int)m.Kind).ToArray(),
                    ms.Select(m => m.Text).ToArray(), ms.Select(m => m.ReplyToId).ToArray(), ms.Select(m => m.CreatedAt).ToArray(),
                    ms.Select(m => m.MentionIds).ToArray(), ms.Select(m => (int)m.Wildcard).ToArray(), ms.Select(m => m.HasFiles).ToArray(),
                    ms.Select(m => m.ThreadRootId).ToArray(), ms.Select(m => m.AlsoToRoom).ToArray(), ms.Select(m => m.HasPoll).ToArray(),
                }.Select(a => Name(values, a, converted: true)))
                .Append(");\n");
        }
        if (_mentions.Count > 0)
            sql.Append("INSERT INTO mentions (user_id, message_id, room_id, seq, created_at) SELECT * FROM unnest(")
                .AppendJoin(',', new object[]
                {
                    _mentions.Select(m => m.UserId).ToArray(), _mentions.Select(m => m.MessageId).ToArray(), _mentions.Select(m => m.RoomId).ToArray(),
                    _mentions.Select(m => m.Seq).ToArray(), _mentions.Select(m => m.CreatedAt).ToArray(),
                }.Select(a => Name(values, a, converted: true)))
                .Append(");\n");
        // One row per (room, sender) in a batch (the writer takes each sender's highest seq), so no row is matched twice.
        if (_sent.Count > 0)
            sql.Append("UPDATE room_members SET last_read_seq = greatest(room_members.last_read_seq, v.seq), last_sent_at = v.at FROM unnest(")
                .Append(Name(values, _sent.Select(r => r.RoomId).ToArray(), converted: true)).Append(',')
                .Append(Name(values, _sent.Select(r => r.UserId).ToArray(), converted: true)).Append(',')
                .Append(Name(values, _sent.Select(r => r.Seq).ToArray(), converted: true)).Append(',')
                .Append(Name(values, _sent.Select(r => r.At).ToArray(), converted: true))
                .Append(") AS v(room_id, user_id, seq, at) WHERE room_members.room_id = v.room_id AND room_members.user_id = v.user_id;\n");
        await using var cmd = Command(sql.ToString(), values);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private string Name(List<object?> values, object? value, bool converted = false)
    {
        values.Add(converted ? value : Value(value));
        return "@p" + (values.Count - 1);
    }

    private DbCommand Command(string sql, IReadOnlyList<object?> values)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = sql;
        for (var i = 0; i < values.Count; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p" + i;
            p.Value = values[i];
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}
