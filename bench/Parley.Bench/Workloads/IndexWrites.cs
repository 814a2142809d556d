using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Parley.Server.Search;

namespace Parley.Bench.Workloads;

/// <summary>
/// What SQLite's two FTS5 tables add to storing a message, alone (no server, no network): chat-like messages inserted
/// into a copy of the server's schema (read from --seed-db, the running server's migrated database) in transactions
/// of 1, 8 and 50, with the index kept by a trigger per row (as migration Search did), by one statement per table at
/// every commit (as the group commit did until migration SearchIndexCatchesUp) or in catch-ups once
/// SqliteSearchIndex.CatchUpAt rows have gathered (the server's own Search/SqliteSearchIndex), each against the same
/// inserts with no index. CPU of this process per message.
///   ./bench.sh one sqlite index-writes [--messages 20000] [--rounds 2] [--catch-up-at 128]
/// </summary>
public static class IndexWrites
{
    private const string Columns = "id, room_id, seq, rev, sender_id, client_message_id, kind, text, reply_to_id, created_at, mention_ids, wildcard, has_files, thread_root_id, also_to_room, has_poll";
    public static async Task<IReadOnlyList<Result>> RunAsync(BenchOptions o, CancellationToken ct)
    {
        var seed = o.Require("seed-db");
        if (!seed.StartsWith("sqlite:", StringComparison.Ordinal)) throw new ArgumentException("index-writes measures SQLite: --seed-db sqlite:<file>");
        var schema = Schema(seed["sqlite:".Length..]);
        int messages = o.Int("messages", 20000), rounds = o.Int("rounds", 2), catchUpAt = o.Int("catch-up-at", SqliteSearchIndex.CatchUpAt);
        var work = Path.Combine(Path.GetTempPath(), $"parley-index-writes-{Environment.ProcessId}.db");
        var results = new List<Result>();
        await MeasureAsync(schema, work, 10, 2000, Mode.PerRow, index: true, ct); // warm-up: the JIT, SQLite's code in the page cache
        foreach (var (batch, mode) in new[] { 1, 8, 50 }.SelectMany(b => new[] { (b, Mode.PerRow), (b, Mode.PerBatch), (b, Mode.CatchUp) }))
        {
            ct.ThrowIfCancellationRequested();
            var count = batch == 1 ? messages / 5 : messages; // one commit (and fsync) a message is slow
            double with = 0, without = 0;
            for (var r = 0; r < rounds; r++)
            {
                without += await MeasureAsync(schema, work, batch, count, mode, index: false, ct);
                with += await MeasureAsync(schema, work, batch, count, mode, index: true, ct, catchUpAt);
            }
            with /= rounds; without /= rounds;
            results.Add(new Result
            {
                Workload = "index-writes", Target = "sqlite", Shape = $"{batch} a transaction, {mode switch { Mode.PerRow => "trigger per row", Mode.PerBatch => "statement per batch", _ => $"catch-ups at {catchUpAt}" }}",
                Acked = count, Note = $"{without:0} µs a message without the index, {with:0} with it: the index costs {with - without:0} µs ({rounds} rounds of {count:N0})",
            });
        }
        foreach (var f in new[] { work, work + "-wal", work + "-shm" }) File.Delete(f);
        return results;
    }

    private enum Mode { PerRow, PerBatch, CatchUp }

    /// <summary>The messages table with its indexes, and the FTS5 tables' definitions, as the server made them.</summary>
    private static List<string> Schema(string file)
    {
        using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=false");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND ((tbl_name = 'messages' AND type IN ('table', 'index')) OR name IN ('messages_search', 'messages_search_trigram', 'search_index_state')) ORDER BY type DESC";
        using var reader = cmd.ExecuteReader();
        var all = new List<string>();
        while (reader.Read()) all.Add(reader.GetString(0));
        return all;
    }

    /// <summary>CPU µs per message of storing <paramref name="count"/> messages, <paramref name="batch"/> a transaction.</summary>
    private static async Task<double> MeasureAsync(List<string> schema, string file, int batch, int count, Mode mode, bool index, CancellationToken ct, int catchUpAt = SqliteSearchIndex.CatchUpAt)
    {
        foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        using var db = new SqliteConnection($"Data Source={file};Pooling=false;Foreign Keys=False");
        db.Open();
        void Exec(string sql)
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
        Exec("PRAGMA journal_mode=WAL");
        foreach (var s in schema.Where(s => index || !s.Contains("VIRTUAL TABLE", StringComparison.Ordinal))) Exec(s);
        if (index) Exec("INSERT INTO search_index_state (id, last_rowid) VALUES (1, 0)");
        // The catch-ups merge as they go, FTS5's own merging off (migration SearchMergesInCatchUps); the older ways keep it.
        if (index && mode == Mode.CatchUp)
            foreach (var t in SqliteSearchIndex.Tables) Exec($"INSERT INTO {t} ({t}, rank) VALUES ('automerge', 0)");
        if (index && mode == Mode.PerRow)
            Exec("CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN " + string.Concat(SqliteSearchIndex.Tables.Select(t =>
                $"INSERT INTO {t} (rowid, text) SELECT new.rowid, new.text WHERE new.kind = 0 AND new.deleted_at IS NULL; ")) + "END");

        var corpus = new SearchCorpus();
        var random = new Random(1);
        string[] rooms = [.. Enumerable.Range(0, 4).Select(_ => Guid.NewGuid().ToString().ToUpperInvariant())];
        using var insert = db.CreateCommand();
        insert.CommandText = $"INSERT INTO messages ({Columns}) VALUES ({string.Join(',', Enumerable.Range(0, 16).Select(i => "@p" + i))})";
        for (var i = 0; i < 16; i++) insert.Parameters.AddWithValue("@p" + i, DBNull.Value);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long seq = 0;
        for (var b = 0; b < count / batch; b++)
        {
            using var tx = db.BeginTransaction();
            insert.Transaction = tx;
            for (var i = 0; i < batch; i++)
            {
                seq++;
                object?[] row = [Guid.NewGuid().ToString().ToUpperInvariant(), rooms[seq % 4], seq, seq, rooms[(seq + 1) % 4], Guid.NewGuid().ToString(), 0,
                    corpus.Filler(random, 100), DBNull.Value, "2026-12-04 19:00:00.1234567", DBNull.Value, 0, 0, DBNull.Value, 0, 0];
                for (var p = 0; p < row.Length; p++) insert.Parameters[p].Value = row[p];
                insert.ExecuteNonQuery();
            }
            if (index && mode == Mode.PerBatch) await SqliteSearchIndex.CatchUpAsync(db, tx, ct);
            tx.Commit();
            if (index && mode == Mode.CatchUp) await SqliteSearchIndex.CatchUpAsync(db, catchUpAt, ct);
        }
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / count;
    }
}
