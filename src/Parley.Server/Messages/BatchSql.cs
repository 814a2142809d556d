using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Parley.Server.Data;
using Parley.Server.Search;

namespace Parley.Server.Messages;

/// <summary>
/// The group commit's writes as plain SQL: EF's change tracking and query translation cost more per message than the
/// database does. On PostgreSQL the rows go as one multi-statement command (one round trip); on SQLite (in-process,
/// no round trips) each kind of statement is prepared once and run per row, because Microsoft.Data.Sqlite binds every
/// parameter of a command to every statement in it — quadratic in the batch; then the batch's new messages are made
/// searchable with one statement per FTS5 table (Search/SqliteSearchIndex), before anything after this can edit or
/// delete one. Values are passed as SQLite or PostgreSQL store them (on SQLite: Guids as upper-case text and times as EF writes them, so EF reads them back unchanged).
/// </summary>
public sealed class BatchSql(ParleyDb db)
{
    private const string InsertMessageSql = "INSERT INTO messages (id, room_id, seq, rev, sender_id, client_message_id, kind, text, reply_to_id, created_at, mention_ids, wildcard, has_files, thread_root_id, also_to_room, has_poll) VALUES ({0},{1},{2},{3},{4},{5},{6},{7},{8},{9},{10},{11},{12},{13},{14},{15})";
    private const string InsertMentionSql = "INSERT INTO mentions (user_id, message_id, room_id, seq, created_at) VALUES ({0},{1},{2},{3},{4})";
    private const string MarkReadSql = "UPDATE room_members SET last_read_seq = {0} WHERE room_id = {1} AND user_id = {2} AND last_read_seq < {0}";

    private readonly bool _sqlite = db.Database.IsSqlite();
    private readonly List<(string Template, object?[] Values)> _rows = [];

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
    /// The (sender, clientMessageId) keys among these that are stored already (a retry). On PostgreSQL one index scan
    /// over both columns' arrays (the same statement for any count, so prepared once; measured faster than a join over
    /// the pairs for batches of a few); on SQLite (in process) one prepared probe per key.
    /// </summary>
    public async Task<HashSet<(Guid, string)>> StoredAsync(IReadOnlyCollection<(Guid Sender, string ClientMessageId)> keys, CancellationToken ct)
    {
        var found = new HashSet<(Guid, string)>();
        if (keys.Count == 0) return found;
        if (!_sqlite)
        {
            await using var cmd = Command("SELECT sender_id, client_message_id FROM messages WHERE sender_id = ANY(@p0) AND client_message_id = ANY(@p1)",
                [keys.Select(k => k.Sender).Distinct().ToArray(), keys.Select(k => k.ClientMessageId).Distinct().ToArray()]);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            // Another sender's message with one of these ids is no retry of these.
            var asked = keys.ToHashSet();
            while (await reader.ReadAsync(ct))
                if ((reader.GetGuid(0), reader.GetString(1)) is var key && asked.Contains(key)) found.Add(key);
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
    /// so a room's writers are serialised and seq has no gaps.
    /// </summary>
    public async Task<Dictionary<Guid, (long Seq, long Rev)>> NextSeqsAsync(IReadOnlyList<(Guid RoomId, int Count)> rooms, DateTime now, CancellationToken ct)
    {
        if (rooms.Count == 0) return [];
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
        var last = new Dictionary<Guid, (long, long)>(rooms.Count);
        await using var cmd = Command(sql.ToString(), values);
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) last[ReadGuid(reader, 0)] = (reader.GetInt64(1), reader.GetInt64(2));
        foreach (var (room, _) in rooms)
            if (!last.ContainsKey(room)) throw new InvalidOperationException($"Room {room} vanished during a write.");
        return last;
    }

    public void InsertMessage(Message m) => Add(InsertMessageSql, m.Id, m.RoomId, m.Seq, m.Rev, m.SenderId, m.ClientMessageId, m.Kind,
        m.Text, m.ReplyToId, m.CreatedAt, m.MentionIds, m.Wildcard, m.HasFiles, m.ThreadRootId, m.AlsoToRoom, m.HasPoll);

    public void InsertMention(Mention m) => Add(InsertMentionSql, m.UserId, m.MessageId, m.RoomId, m.Seq, m.CreatedAt);

    public void MarkRead(Guid roomId, Guid userId, long seq) => Add(MarkReadSql, seq, roomId, userId);

    private void Add(string template, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) values[i] = Value(values[i]);
        _rows.Add((template, values));
    }

    /// <summary>Runs what was added, in order, in the current transaction.</summary>
    public async Task ExecuteAsync(CancellationToken ct)
    {
        if (_rows.Count == 0) return;
        if (_sqlite)
        {
            var (connection, tx) = (db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction());
            var messages = _rows.Any(r => r.Template == InsertMessageSql);
            var lastRowId = messages ? await SqliteSearchIndex.LastRowIdAsync(connection, tx, ct) : 0;
            var prepared = new Dictionary<string, DbCommand>();
            try
            {
                foreach (var (template, values) in _rows)
                {
                    if (!prepared.TryGetValue(template, out var cmd))
                    {
                        var names = Enumerable.Range(0, values.Length).Select(i => (object)("@p" + i)).ToArray();
                        prepared[template] = cmd = Command(string.Format(CultureInfo.InvariantCulture, template, names), values);
                    }
                    else
                        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
                    await cmd.ExecuteNonQueryAsync(ct);
                }
            }
            finally { foreach (var cmd in prepared.Values) await cmd.DisposeAsync(); }
            if (messages) await SqliteSearchIndex.AddAfterAsync(connection, tx, lastRowId, ct);
        }
        else
        {
            var all = new List<object?>();
            var sql = new StringBuilder();
            foreach (var (template, values) in _rows)
                sql.AppendFormat(CultureInfo.InvariantCulture, template, values.Select(v => (object)Name(all, v, converted: true)).ToArray()).Append(";\n");
            await using var cmd = Command(sql.ToString(), all);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        _rows.Clear();
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
