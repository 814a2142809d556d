using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Search;

/// <summary>
/// SQLite: how new messages enter the FTS5 tables. FTS5 writes its pending terms out as a new segment in each table at
/// every commit that adds to it, a fixed ~50 µs a table whatever the commit holds; a group commit in rooms of 10 or 25
/// carries a few messages, so indexing every commit added 15–65 % to a message's cost (docs/benchmarks.md). So new
/// messages are indexed in catch-ups: a mark (<c>search_index_state.last_rowid</c>) says how far the tables go, every
/// readable message at or below it indexed and none above. The group commit catches up once a batch is acknowledged
/// and <see cref="CatchUpAt"/> rows have gathered past the mark, so no send waits for it; a search catches up first
/// (SqliteMessageSearch), so it finds every stored message as if each commit had indexed it. Edits and deletes of rows
/// at or below the mark leave the tables in their own statement (triggers, migration SearchIndexCatchesUp); a row
/// above it is indexed as it then reads, or not at all once deleted. Anything else that writes the tables must move
/// the mark with them: rows are added only by <see cref="CatchUpAsync(DbConnection, DbTransaction?, CancellationToken)"/>.
/// </summary>
public static class SqliteSearchIndex
{
    /// <summary>The FTS5 tables over messages: whole words, and trigrams (text anywhere).</summary>
    public static readonly IReadOnlyList<string> Tables = ["messages_search", "messages_search_trigram"];

    /// <summary>
    /// Rows past the mark at which the group commit indexes them: the index costs ~26–30 µs a message in catch-ups of
    /// 128, against 72 when each commit of eight indexed its own (41 at 32), and a catch-up this long takes ~4 ms.
    /// </summary>
    public const int CatchUpAt = 128;

    private const string BehindSql = "SELECT coalesce((SELECT max(rowid) FROM messages), 0) - last_rowid FROM search_index_state";

    /// <summary>
    /// Leaf pages of merge work each table does at a catch-up (FTS5's 'merge' command; its automerge is off, migration
    /// SearchMergesInCatchUps): more than a catch-up of 128 writes, so merging keeps up, and bounded, so no catch-up
    /// pays for a whole level at once (catch-ups' p99 ~20 → ~10 ms, docs/benchmarks.md). A migration that makes either
    /// table again must turn its automerge off again.
    /// </summary>
    public const int MergePages = 50;

    // Rowids only grow while a row is kept (a deleted last row's rowid can come back: the delete trigger lowers the mark).
    private static readonly string CatchUpSql = string.Concat(Tables.Select(t =>
            $"INSERT INTO {t} (rowid, text) SELECT rowid, text FROM messages WHERE rowid > (SELECT last_rowid FROM search_index_state) AND kind = 0 AND deleted_at IS NULL;\n"
            + $"INSERT INTO {t} ({t}, rank) VALUES ('merge', {MergePages});\n"))
        + "UPDATE search_index_state SET last_rowid = coalesce((SELECT max(rowid) FROM messages), 0);";

    /// <summary>How many rowids the newest message is past the mark (system lines and deleted ones count too).</summary>
    public static async Task<long> BehindAsync(DbConnection db, DbTransaction? tx, CancellationToken ct)
    {
        await using var cmd = Command(db, tx, BehindSql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Indexes the readable messages past the mark and moves it to the newest, in the caller's write transaction.</summary>
    public static async Task CatchUpAsync(DbConnection db, DbTransaction? tx, CancellationToken ct)
    {
        await using var cmd = Command(db, tx, CatchUpSql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>What a catch-up did: the rows it went through, how long it took, and its CPU where the OS says.</summary>
    public readonly record struct CaughtUp(long Rows, TimeSpan Took, TimeSpan? Cpu);

    /// <summary>
    /// Indexes whatever is past the mark, in a transaction of its own, if at least <paramref name="atLeast"/> rows are:
    /// the group commit after each acknowledged batch (<see cref="CatchUpAt"/>), a search before it reads (1).
    /// Null when it did nothing.
    /// </summary>
    public static async Task<CaughtUp?> CatchUpAsync(DbConnection db, int atLeast, CancellationToken ct)
    {
        var behind = await BehindAsync(db, null, ct);
        if (behind < atLeast) return null;
        // SQLite's calls run synchronously, so the catch-up stays on this thread and its CPU clock times it (not
        // counted if it moved all the same).
        var (started, cpu, thread) = (Stopwatch.GetTimestamp(), ThreadCpuClock.Now(), Environment.CurrentManagedThreadId);
        await using (var tx = await db.BeginTransactionAsync(ct))
        {
            await CatchUpAsync(db, tx, ct);
            await tx.CommitAsync(ct);
        }
        return new CaughtUp(behind, Stopwatch.GetElapsedTime(started), thread == Environment.CurrentManagedThreadId ? ThreadCpuClock.Now() - cpu : null);
    }

    /// <inheritdoc cref="CatchUpAsync(DbConnection, int, CancellationToken)"/>
    public static async Task<CaughtUp?> CatchUpAsync(ParleyDb db, int atLeast, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try { return await CatchUpAsync(db.Database.GetDbConnection(), atLeast, ct); }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    private static DbCommand Command(DbConnection db, DbTransaction? tx, string sql)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }
}
