using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Parley.Server.Data;

namespace Parley.Server.Messages;

/// <summary>
/// The group commit's writes as plain SQL, one command for a whole batch: EF's change tracking and query translation
/// cost more per message than the database does. Values are passed as SQLite or PostgreSQL store them (on SQLite:
/// Guids as upper-case text and times as EF writes them, so EF reads the rows back unchanged).
/// </summary>
public sealed class BatchSql(ParleyDb db)
{
    private readonly bool _sqlite = db.Database.IsSqlite();
    private readonly StringBuilder _sql = new();
    private readonly List<object?> _values = [];

    private string P(object? value)
    {
        _values.Add(value switch
        {
            null => DBNull.Value,
            Guid g when _sqlite => g.ToString().ToUpperInvariant(),
            DateTime t when _sqlite => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
            Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture),
            _ => value,
        });
        return "@p" + (_values.Count - 1);
    }

    /// <summary>(sender, clientMessageId) pairs among these that are stored already (a retry).</summary>
    public async Task<HashSet<(Guid, string)>> StoredAsync(IReadOnlyCollection<Guid> senders, IReadOnlyCollection<string> cmids, CancellationToken ct)
    {
        _sql.Append("SELECT sender_id, client_message_id FROM messages WHERE sender_id IN (")
            .AppendJoin(',', senders.Select(s => P(s))).Append(") AND client_message_id IN (")
            .AppendJoin(',', cmids.Select(c => P(c))).Append(')');
        var found = new HashSet<(Guid, string)>();
        await using var cmd = Take();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found.Add((_sqlite ? Guid.Parse(reader.GetString(0)) : reader.GetGuid(0), reader.GetString(1)));
        return found;
    }

    public void InsertMessage(Message m)
    {
        _sql.Append("INSERT INTO messages (id, room_id, seq, rev, sender_id, client_message_id, kind, text, reply_to_id, created_at, mention_ids, wildcard) VALUES (")
            .AppendJoin(',', P(m.Id), P(m.RoomId), P(m.Seq), P(m.Rev), P(m.SenderId), P(m.ClientMessageId), P(m.Kind), P(m.Text), P(m.ReplyToId),
                P(m.CreatedAt), P(m.MentionIds), P(m.Wildcard))
            .Append(");\n");
    }

    public void InsertMention(Mention m) =>
        _sql.Append("INSERT INTO mentions (user_id, message_id, room_id, seq, created_at) VALUES (")
            .AppendJoin(',', P(m.UserId), P(m.MessageId), P(m.RoomId), P(m.Seq), P(m.CreatedAt)).Append(");\n");

    public void MarkRead(Guid roomId, Guid userId, long seq)
    {
        var s = P(seq);
        _sql.Append("UPDATE room_members SET last_read_seq = ").Append(s).Append(" WHERE room_id = ").Append(P(roomId))
            .Append(" AND user_id = ").Append(P(userId)).Append(" AND last_read_seq < ").Append(s).Append(";\n");
    }

    /// <summary>Runs what was added, in the current transaction, as one command.</summary>
    public async Task ExecuteAsync(CancellationToken ct)
    {
        if (_sql.Length == 0) return;
        await using var cmd = Take();
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private DbCommand Take()
    {
        var conn = db.Database.GetDbConnection();
        var cmd = conn.CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = _sql.ToString();
        for (var i = 0; i < _values.Count; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p" + i;
            p.Value = _values[i];
            cmd.Parameters.Add(p);
        }
        _sql.Clear();
        _values.Clear();
        return cmd;
    }
}
