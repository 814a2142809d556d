using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Parley.Server.Search;
using Npgsql;
using NpgsqlTypes;
using Parley.Bench.Measure;
using Parley.Bench.Targets;

namespace Parley.Bench.Workloads;

/// <summary>
/// Message search over a large server: M rooms (private, made through the API), one reader invited into K of them,
/// N messages of chat-like text (<see cref="SearchCorpus"/>) spread over all rooms and 90 days, bulk-inserted
/// straight into the database (SQLite: prepared inserts, so the FTS triggers index each row as the server would;
/// PostgreSQL: binary COPY with the search indexes rebuilt after, as a bulk load does). Then GET /api/search one
/// request at a time for each kind of query (word, "phrase", prefix*, substring, CJK, word by relevance): p50/p99
/// per kind, one JSON line each. Beside them, the same permission-joined query with LIKE instead of the index, run
/// straight on the database (no HTTP, which favours LIKE): what the index buys. A corpus already seeded is reused.
/// </summary>
public static class SearchBench
{
    private const string Seeded = "seeded";

    public static async Task<IReadOnlyList<Result>> RunAsync(ParleyTarget target, BenchOptions o, CancellationToken ct)
    {
        var count = o.Int("messages", 1_000_000);
        var roomCount = o.Int("rooms", 1000);
        var memberOf = Math.Min(o.Int("member-of", 50), roomCount);
        var requests = o.Int("requests", 200);
        var likeRequests = o.Int("like-requests", 30);
        var seedDb = o.Require("seed-db");
        var corpusName = $"srch{count}x{roomCount}x{memberOf}";
        var owner = await target.SignInAsync(corpusName + "o", ct); // first: on a fresh server the owner is the first account
        var reader = await target.SignInAsync(corpusName + "r", ct);
        var corpus = new SearchCorpus();

        var mine = await target.Send(HttpMethod.Get, "/api/rooms", reader, null, ct);
        var seeded = mine.EnumerateArray().Any(s => s.GetProperty("room") is var r
            && r.GetProperty("name").GetString() == $"{corpusName}-0" && r.GetProperty("topic").GetString() == Seeded);
        var seedTime = TimeSpan.Zero;
        List<string> phrases;
        if (seeded) phrases = Phrases(Generate(corpus, count, roomCount), memberOf);
        else
        {
            var clock = Stopwatch.StartNew();
            var rooms = new Guid[roomCount];
            await Parallel.ForAsync(0, roomCount, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, c) =>
            {
                var room = await target.Send(HttpMethod.Post, "/api/rooms", owner, new { name = $"{corpusName}-{i}", visibility = "private" }, c);
                rooms[i] = room.GetProperty("id").GetGuid();
                if (i < memberOf) await target.Send(HttpMethod.Post, $"/api/rooms/{rooms[i]}/invite", owner, new { userIds = new[] { reader.Id } }, c);
            });
            var messages = Generate(corpus, count, roomCount);
            if (seedDb.StartsWith("sqlite:", StringComparison.Ordinal)) await SeedSqliteAsync(seedDb["sqlite:".Length..], rooms, owner.Id, messages, count, ct);
            else await SeedPostgresAsync(seedDb["postgres:".Length..], rooms, owner.Id, messages, count, ct);
            await target.Send(HttpMethod.Patch, $"/api/rooms/{rooms[0]}", owner, new { topic = Seeded }, ct);
            seedTime = clock.Elapsed;
            phrases = Phrases(Generate(corpus, count, roomCount), memberOf);
        }

        var shape = $"{count:N0} messages, {roomCount:N0} rooms, reader in {memberOf}";
        (string Kind, Func<Random, string> Query, string Sort)[] kinds =
        [
            ("word", corpus.QueryWord, ""),
            ("\"phrase\"", r => "\"" + phrases[r.Next(phrases.Count)] + "\"", ""),
            ("prefix*", r => { string w; do w = corpus.QueryWord(r); while (w.Length < 3); return w[..Math.Min(w.Length, 2 + r.Next(3))] + "*"; }, ""),
            ("substring", corpus.Inside, ""),
            ("CJK", corpus.CjkTerm, ""),
            ("word, by relevance", corpus.QueryWord, "&sort=relevance"),
        ];
        var results = new List<Result>();
        foreach (var (kind, query, sort) in kinds)
        {
            var random = new Random(kind.Length * 31 + 5);
            for (var i = 0; i < 20; i++) await target.GetBytes(SearchPath(query(random), sort), reader, ct);
            var latency = new LatencyHistogram();
            long hits = 0, empty = 0;
            var cpu0 = target.Server?.CpuSeconds() ?? 0;
            var db0 = target.Database?.CpuSeconds() ?? 0;
            for (var i = 0; i < requests; i++)
            {
                var path = SearchPath(query(random), sort);
                var started = Stopwatch.GetTimestamp();
                var body = await target.GetBytes(path, reader, ct);
                latency.RecordTicks(Stopwatch.GetTimestamp() - started);
                var n = JsonDocument.Parse(body).RootElement.GetProperty("items").GetArrayLength();
                hits += n;
                if (n == 0) empty++;
            }
            if (kind == "\"phrase\"" && empty > 0) throw new InvalidOperationException($"{empty} phrases taken from the reader's rooms were not found");
            results.Add(new Result
            {
                Workload = "search", Target = target.Name, Shape = $"{shape}: {kind}", Connections = 1, Sent = requests,
                P50Ms = latency.PercentileMs(50), P95Ms = latency.PercentileMs(95), P99Ms = latency.PercentileMs(99), MaxMs = latency.MaxMs,
                ServerCpuSeconds = Math.Round((target.Server?.CpuSeconds() ?? 0) - cpu0, 2),
                DbCpuSeconds = target.Database is null ? null : Math.Round(target.Database.CpuSeconds() - db0, 2),
                ServerPeakRssMb = Math.Round((target.Server?.PeakRssBytes() ?? 0) / 1048576.0, 1),
                Note = $"{(double)hits / requests:0.#} results a page (of 20), {empty} queries found nothing"
                       + (seedTime == TimeSpan.Zero ? "" : $"; corpus seeded in {seedTime.TotalSeconds:F0} s"),
            });
            seedTime = TimeSpan.Zero;
        }
        foreach (var (kind, query) in new (string, Func<Random, string>)[] { ("word", corpus.QueryWord), ("substring", corpus.Inside) })
            results.Add(await LikeAsync(target.Name, seedDb, reader.Id, $"{shape}: {kind}", query, likeRequests, ct));
        return results;
    }

    private static string SearchPath(string q, string sort) => $"/api/search?q={Uri.EscapeDataString(q)}&limit=20{sort}";

    private sealed record Line(int Room, string Text);

    /// <summary>The corpus, message by message in time order (the same for the same sizes).</summary>
    private static IEnumerable<Line> Generate(SearchCorpus corpus, int count, int rooms)
    {
        var random = new Random(3);
        for (var i = 0; i < count; i++) yield return new Line(random.Next(rooms), corpus.Message(random));
    }

    /// <summary>Two consecutive words from messages in the reader's rooms: phrases the search must find.</summary>
    private static List<string> Phrases(IEnumerable<Line> lines, int memberOf)
    {
        var phrases = new List<string>();
        var i = 0;
        foreach (var line in lines)
        {
            if (line.Room >= memberOf || i++ % 97 != 0) continue;
            var words = line.Text.Split(' ');
            var at = i % (Math.Min(words.Length, 5) - 1);
            phrases.Add(words[at] + " " + words[at + 1]);
            if (phrases.Count == 2000) break;
        }
        return phrases;
    }

    /// <summary>
    /// Fan-out's --preload N: N chat-like messages stored in a room of their own before the run, as the search corpus
    /// is seeded (indexed; on PostgreSQL vacuumed and analyzed after). A server that has run a while holds messages, and
    /// PostgreSQL's autovacuum then leaves the table alone for a long while; on a new, empty table it vacuums and
    /// analyzes it every second or two while the run fills it, and the search index makes each of those dearer.
    /// </summary>
    public static async Task PreloadAsync(ParleyTarget target, string seedDb, int count, CancellationToken ct)
    {
        var owner = await target.SignInAsync("preload", ct);
        var room = await target.Send(HttpMethod.Post, "/api/rooms", owner, new { name = "preload", visibility = "private" }, ct);
        Guid[] rooms = [room.GetProperty("id").GetGuid()];
        var lines = Generate(new SearchCorpus(), count, 1);
        if (seedDb.StartsWith("sqlite:", StringComparison.Ordinal)) await SeedSqliteAsync(seedDb["sqlite:".Length..], rooms, owner.Id, lines, count, ct);
        else await SeedPostgresAsync(seedDb["postgres:".Length..], rooms, owner.Id, lines, count, ct);
    }

    private static DateTime At(int index, int count) => DateTime.UtcNow.Date.AddDays(-90).AddSeconds(90.0 * 86400 * index / count);

    private static async Task SeedSqliteAsync(string file, Guid[] rooms, Guid senderId, IEnumerable<Line> lines, int count, CancellationToken ct)
    {
        using var db = new SqliteConnection($"Data Source={file};Pooling=false");
        db.Open();
        Exec(db, "PRAGMA busy_timeout=60000;");
        var roomIds = rooms.Select(r => r.ToString().ToUpperInvariant()).ToArray();
        var lastSeq = new long[rooms.Length]; // after the rooms' own lines ("created the room", "added …")
        using (var read = db.CreateCommand())
        {
            read.CommandText = "SELECT last_seq FROM rooms WHERE id = $room";
            var r = read.Parameters.Add("$room", SqliteType.Text);
            for (var k = 0; k < rooms.Length; k++) { r.Value = roomIds[k]; lastSeq[k] = (long)read.ExecuteScalar()!; }
        }
        // Rows are made searchable as the server's catch-ups make them, every CatchUpAt rows with their merge work, so
        // the index's segments are as a running server leaves them. One catch-up of a hundred thousand rows instead
        // left a backlog of unmerged segments that the run's catch-ups then paid off (+60 µs a message,
        // docs/benchmarks.md).
        var tx = db.BeginTransaction();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "INSERT INTO messages (id, room_id, seq, rev, sender_id, kind, text, created_at, wildcard) VALUES ($id, $room, $seq, $seq, $sender, 0, $text, $at, 0)";
        var id = cmd.Parameters.Add("$id", SqliteType.Text);
        var room = cmd.Parameters.Add("$room", SqliteType.Text);
        var seq = cmd.Parameters.Add("$seq", SqliteType.Integer);
        cmd.Parameters.AddWithValue("$sender", senderId.ToString().ToUpperInvariant());
        var text = cmd.Parameters.Add("$text", SqliteType.Text);
        var at = cmd.Parameters.Add("$at", SqliteType.Text);
        var i = 0;
        foreach (var line in lines)
        {
            cmd.Transaction = tx;
            id.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
            room.Value = roomIds[line.Room];
            seq.Value = ++lastSeq[line.Room];
            text.Value = line.Text;
            at.Value = At(i, count).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            cmd.ExecuteNonQuery();
            if (++i % SqliteSearchIndex.CatchUpAt == 0) await SqliteSearchIndex.CatchUpAsync(db, tx, ct);
            if (i % 100_000 == 0) // keeps the WAL small
            {
                await SqliteSearchIndex.CatchUpAsync(db, tx, ct);
                tx.Commit();
                tx.Dispose();
                tx = db.BeginTransaction();
            }
        }
        using (var update = db.CreateCommand())
        {
            update.Transaction = tx;
            update.CommandText = "UPDATE rooms SET last_seq = $n, last_rev = $n WHERE id = $room";
            var n = update.Parameters.Add("$n", SqliteType.Integer);
            var r = update.Parameters.Add("$room", SqliteType.Text);
            for (var k = 0; k < rooms.Length; k++) { n.Value = lastSeq[k]; r.Value = roomIds[k]; update.ExecuteNonQuery(); }
        }
        await SqliteSearchIndex.CatchUpAsync(db, tx, ct);
        tx.Commit();
        tx.Dispose();
        Exec(db, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    private static async Task SeedPostgresAsync(string connectionString, Guid[] rooms, Guid senderId, IEnumerable<Line> lines, int count, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString + ";Command Timeout=0");
        await db.OpenAsync(ct);
        // A bulk load drops the search indexes and builds them once after the COPY (far faster than row by row);
        // they are read back from the catalogue, so they come back exactly as the migration made them.
        var indexes = new List<string>();
        await using (var read = new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'messages' AND indexname LIKE 'ix_messages_search%'", db))
        await using (var r = await read.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) indexes.Add(r.GetString(1));
        await ExecAsync(db, "DROP INDEX IF EXISTS ix_messages_search_words; DROP INDEX IF EXISTS ix_messages_search_trigram;", ct);
        var lastSeq = new long[rooms.Length];
        await using (var read = new NpgsqlCommand("SELECT last_seq FROM rooms WHERE id = @room", db))
        {
            var r = read.Parameters.Add("room", NpgsqlDbType.Uuid);
            for (var k = 0; k < rooms.Length; k++) { r.Value = rooms[k]; lastSeq[k] = (long)(await read.ExecuteScalarAsync(ct))!; }
        }
        await using (var copy = await db.BeginBinaryImportAsync("COPY messages (id, room_id, seq, rev, sender_id, kind, text, created_at, wildcard) FROM STDIN (FORMAT BINARY)", ct))
        {
            var i = 0;
            foreach (var line in lines)
            {
                var seq = ++lastSeq[line.Room];
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(rooms[line.Room], NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(seq, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(seq, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(senderId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(line.Text, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(At(i++, count), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await ExecAsync(db, "SET maintenance_work_mem = '256MB'; " + string.Join("; ", indexes) + ";", ct);
        await using (var update = new NpgsqlCommand("UPDATE rooms SET last_seq = @n, last_rev = @n WHERE id = @room", db))
        {
            var n = update.Parameters.Add("n", NpgsqlDbType.Bigint);
            var r = update.Parameters.Add("room", NpgsqlDbType.Uuid);
            for (var k = 0; k < rooms.Length; k++) { n.Value = lastSeq[k]; r.Value = rooms[k]; await update.ExecuteNonQueryAsync(ct); }
        }
        await ExecAsync(db, "VACUUM ANALYZE messages;", ct);
    }

    /// <summary>
    /// The search API's permission (rooms the reader is in) with LIKE '%term%' in place of the index, newest first,
    /// 20 rows: one query at a time on the database itself.
    /// </summary>
    private static async Task<Result> LikeAsync(string server, string seedDb, Guid readerId, string shape, Func<Random, string> query, int requests, CancellationToken ct)
    {
        var sqlite = seedDb.StartsWith("sqlite:", StringComparison.Ordinal);
        await using DbConnection db = sqlite
            ? new SqliteConnection($"Data Source={seedDb["sqlite:".Length..]};Mode=ReadOnly")
            : new NpgsqlConnection(seedDb["postgres:".Length..] + ";Command Timeout=0");
        await db.OpenAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = $"""
            SELECT m.id FROM messages m
            WHERE m.kind = 0 AND m.deleted_at IS NULL
              AND EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = m.room_id AND rm.user_id = {(sqlite ? "$me" : "@me")})
              AND {(sqlite ? "m.text LIKE $pattern" : "lower(m.text) LIKE lower(@pattern)")}
            ORDER BY m.created_at DESC, m.id DESC LIMIT 20
            """;
        var me = cmd.CreateParameter(); me.ParameterName = "me"; me.Value = sqlite ? readerId.ToString().ToUpperInvariant() : readerId; cmd.Parameters.Add(me);
        var pattern = cmd.CreateParameter(); pattern.ParameterName = "pattern"; cmd.Parameters.Add(pattern);
        var random = new Random(17);
        var latency = new LatencyHistogram();
        for (var i = 0; i < requests + 3; i++)
        {
            pattern.Value = "%" + query(random) + "%";
            var started = Stopwatch.GetTimestamp();
            await using (var r = await cmd.ExecuteReaderAsync(ct)) while (await r.ReadAsync(ct)) { }
            if (i >= 3) latency.RecordTicks(Stopwatch.GetTimestamp() - started);
        }
        return new Result
        {
            Workload = "search", Target = server + " LIKE", Shape = shape, Connections = 1, Sent = requests,
            P50Ms = latency.PercentileMs(50), P95Ms = latency.PercentileMs(95), P99Ms = latency.PercentileMs(99), MaxMs = latency.MaxMs,
            Note = "LIKE '%term%' with the same permission join, straight on the database (no HTTP)",
        };
    }

    /// <summary>
    /// Takes the search index off a (fresh) database, so a fan-out run shows what indexing costs each message:
    /// SQLite's FTS tables and triggers; PostgreSQL's generated tsvector (made a plain, empty column) and both GIN indexes,
    /// or (<paramref name="part"/> "words" or "trigram") one of its two parts.
    /// </summary>
    public static async Task DropIndexAsync(string seedDb, string part, CancellationToken ct)
    {
        if (seedDb.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            using var db = new SqliteConnection($"Data Source={seedDb["sqlite:".Length..]};Pooling=false");
            db.Open();
            // The catch-ups still add rows to the two tables by name and ask them to merge (Search/SqliteSearchIndex.cs):
            // they become views whose inserts go nowhere.
            Exec(db, "PRAGMA busy_timeout=60000; DROP TRIGGER IF EXISTS messages_search_insert; DROP TRIGGER IF EXISTS messages_search_update; DROP TRIGGER IF EXISTS messages_search_delete;");
            foreach (var t in SqliteSearchIndex.Tables)
                Exec(db, $"DROP TABLE {t}; CREATE VIEW {t} (rowid, text, {t}, rank) AS SELECT NULL, NULL, NULL, NULL WHERE 0; CREATE TRIGGER {t}_sink INSTEAD OF INSERT ON {t} BEGIN SELECT 1 WHERE 0; END;");
            return;
        }
        await using var pg = new NpgsqlConnection(seedDb["postgres:".Length..]);
        await pg.OpenAsync(ct);
        const string words = "ALTER TABLE messages ALTER COLUMN search_words DROP EXPRESSION; DROP INDEX IF EXISTS ix_messages_search_words;";
        const string trigram = "DROP INDEX IF EXISTS ix_messages_search_trigram;";
        await ExecAsync(pg, part switch { "words" => words, "trigram" => trigram, _ => words + trigram }, ct);
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static async Task ExecAsync(NpgsqlConnection db, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, db) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
