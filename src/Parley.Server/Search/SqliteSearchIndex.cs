using System.Data.Common;
using System.Globalization;

namespace Parley.Server.Search;

/// <summary>
/// SQLite: how new messages enter the FTS5 tables. The group commit (Messages/BatchSql, the one writer of messages)
/// notes the last rowid before it inserts a batch's rows and, once they are in, adds every readable message after it
/// with one INSERT per table, in the same transaction and before any change in the batch could edit or delete one of
/// them. A trigger per row did the same work a segment at a time: each statement that writes an FTS5 table inside a
/// transaction opens a savepoint, and FTS5 writes its pending terms out as a new segment at every savepoint, to be
/// merged again later. Edits and deletes keep their triggers (migration Search). New rowids are above every existing
/// one and the transaction holds SQLite's one write lock, so "after the noted rowid" is exactly the batch's rows.
/// </summary>
public static class SqliteSearchIndex
{
    /// <summary>The FTS5 tables over messages: whole words, and trigrams (text anywhere).</summary>
    public static readonly IReadOnlyList<string> Tables = ["messages_search", "messages_search_trigram"];

    /// <summary>The last message's rowid, read in the batch's transaction before it inserts anything.</summary>
    public static async Task<long> LastRowIdAsync(DbConnection db, DbTransaction? tx, CancellationToken ct)
    {
        await using var cmd = Command(db, tx, "SELECT coalesce(max(rowid), 0) FROM messages");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Indexes the readable messages stored after <paramref name="lastRowId"/> (the batch's), in its transaction.</summary>
    public static async Task AddAfterAsync(DbConnection db, DbTransaction? tx, long lastRowId, CancellationToken ct)
    {
        foreach (var table in Tables)
        {
            await using var cmd = Command(db, tx, $"INSERT INTO {table} (rowid, text) SELECT rowid, text FROM messages WHERE rowid > @last AND kind = 0 AND deleted_at IS NULL");
            var p = cmd.CreateParameter();
            p.ParameterName = "@last";
            p.Value = lastRowId;
            cmd.Parameters.Add(p);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbCommand Command(DbConnection db, DbTransaction? tx, string sql)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }
}
