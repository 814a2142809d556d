using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Parley.Bench.Measure;
using Parley.Bench.Targets;

namespace Parley.Bench.Workloads;

/// <summary>
/// History pages deep in a very large room: a room is created through the API, then filled with N messages by bulk
/// insert straight into the database (SQLite: one prepared statement in one transaction; PostgreSQL: binary COPY),
/// not through the hub. Then GET /api/rooms/{id}/messages?before=S&amp;limit=50 at random depths, one request at a
/// time: p50/p99. A room already filled (same name) is reused; the reader is a member either way.
/// </summary>
public static class HistoryBench
{
    // The runtime's meter (System.Runtime): bytes allocated, and collections of every generation.
    private static readonly string[] GcMetrics = ["dotnet_gc_heap_total_allocated_bytes_total", "dotnet_gc_collections_total"];

    public static async Task<Result> RunAsync(ParleyTarget target, BenchOptions o, CancellationToken ct)
    {
        var count = o.Int("messages", 1_000_000);
        var requests = o.Int("requests", 2000);
        var seedDb = o.Require("seed-db"); // sqlite:<file> | postgres:<connection string>
        var people = await target.CreateMembersAsync(1, ct);
        var reader = people[0];
        var name = $"history-{count}";
        var found = await target.Send(HttpMethod.Get, $"/api/rooms/public?q={name}", reader, null, ct);
        // Any fully seeded room of this size will do (an interrupted seed leaves a room short of it, under a suffixed name).
        var rooms = found.EnumerateArray().Select(r => r.GetProperty("room")).ToList();
        var existing = rooms.FirstOrDefault(r => r.GetProperty("name").GetString() is { } n && (n == name || n.StartsWith(name + "-", StringComparison.Ordinal))
                                                 && r.GetProperty("lastSeq").GetInt64() >= count);
        Guid roomId;
        var seeded = TimeSpan.Zero;
        if (existing.ValueKind != System.Text.Json.JsonValueKind.Undefined)
        {
            // This run's reader is new: a member, as whoever reads a room's history mostly is (as the room's creator is
            // in the seeding run), not someone looking into a public room (three checks instead of one).
            roomId = existing.GetProperty("id").GetGuid();
            await target.Send(HttpMethod.Post, $"/api/rooms/{roomId}/join", reader, null, ct);
        }
        else
        {
            if (rooms.Any(r => r.GetProperty("name").GetString() == name)) name += "-" + Guid.NewGuid().ToString("N")[..4];
            roomId = (await target.Send(HttpMethod.Post, "/api/rooms", reader, new { name, visibility = "public" }, ct)).GetProperty("id").GetGuid();
            var clock = Stopwatch.StartNew();
            if (seedDb.StartsWith("sqlite:", StringComparison.Ordinal)) SeedSqlite(seedDb["sqlite:".Length..], roomId, reader.Id, count);
            else await SeedPostgresAsync(seedDb["postgres:".Length..], roomId, reader.Id, count, ct);
            seeded = clock.Elapsed;
        }

        // Warm the path, then measure one page at a time at random depths (never the newest 1 %).
        var random = new Random(7);
        var latency = new LatencyHistogram();
        for (var i = 0; i < 50; i++) await PageAsync(target, reader, roomId, 2 + random.NextInt64(count), ct);
        var gc0 = target.Metrics is { } metrics ? await ServerMetrics.SumsAsync(metrics, GcMetrics, ct) : null;
        var cpu0 = target.Server?.CpuSeconds() ?? 0;
        for (var i = 0; i < requests; i++)
        {
            var before = 100 + random.NextInt64((long)(count * 0.99));
            var started = Stopwatch.GetTimestamp();
            var body = await target.GetBytes(PagePath(roomId, before), reader, ct);
            latency.RecordTicks(Stopwatch.GetTimestamp() - started); // the page as received; checking it is the client's time
            CheckPage(JsonDocument.Parse(body).RootElement, before);
        }
        var cpu = (target.Server?.CpuSeconds() ?? 0) - cpu0;
        var gc1 = target.Metrics is { } m ? await ServerMetrics.SumsAsync(m, GcMetrics, ct) : null;
        var floor = await FloorAsync(target, reader, requests, ct);
        var note = seeded == TimeSpan.Zero ? "room reused" : $"seeded in {seeded.TotalSeconds:F0} s";
        note += $"; /healthz/live the same way: p50 {floor.PercentileMs(50):F2}, p99 {floor.PercentileMs(99):F2} ms";
        // What a page allocates decides how many pages a collection lands on: with METRICS=1, the runtime's own counts.
        if (gc0 is not null && gc1 is not null && ServerMetrics.Growth(gc0[0], gc1[0]) is { } bytes && ServerMetrics.Growth(gc0[1], gc1[1]) is { } collections)
            note += $"; {bytes / requests / 1024:F1} KB allocated a page, {collections:F0} collections ({(collections > 0 ? requests / collections : 0):F0} pages each)";
        return new Result
        {
            Workload = "history", Target = target.Name, Shape = $"{count:N0} messages in the room, pages of 50", Connections = 1,
            Sent = requests, P50Ms = latency.PercentileMs(50), P95Ms = latency.PercentileMs(95), P99Ms = latency.PercentileMs(99), MaxMs = latency.MaxMs,
            ServerCpuSeconds = Math.Round(cpu, 2),
            ServerPeakRssMb = Math.Round((target.Server?.PeakRssBytes() ?? 0) / 1048576.0, 1),
            Note = note,
        };
    }

    /// <summary>
    /// The same client asking for the least the server answers (no sign-in check, no database), as many times as it
    /// asked for pages: what a request costs on this machine before a page's work, and how far its p99 lies from its
    /// p50 with nothing in the server to explain it.
    /// </summary>
    private static async Task<LatencyHistogram> FloorAsync(ParleyTarget target, Member reader, int requests, CancellationToken ct)
    {
        var latency = new LatencyHistogram();
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await target.GetBytes("/healthz/live", reader, ct);
            latency.RecordTicks(Stopwatch.GetTimestamp() - started);
        }
        return latency;
    }

    private static async Task PageAsync(ParleyTarget target, Member reader, Guid roomId, long before, CancellationToken ct) =>
        CheckPage(await target.Send(HttpMethod.Get, PagePath(roomId, before), reader, null, ct), before);

    private static string PagePath(Guid roomId, long before) => $"/api/rooms/{roomId}/messages?before={before}&limit=50";

    private static void CheckPage(JsonElement page, long before)
    {
        if (page.GetProperty("messages").GetArrayLength() != Math.Min(50, before - 1)) throw new InvalidOperationException($"short page before {before}");
    }

    private static string Text(long seq) => "History message number " + seq.ToString(CultureInfo.InvariantCulture) + " with some ordinary chat length text.";

    // The room's first line (seq 1, "created the room") exists; the seeded messages take seq and rev 2 … count+1.
    private static void SeedSqlite(string file, Guid roomId, Guid senderId, int count)
    {
        using var db = new SqliteConnection($"Data Source={file};Pooling=false");
        db.Open();
        using (var pragma = db.CreateCommand()) { pragma.CommandText = "PRAGMA busy_timeout=60000;"; pragma.ExecuteNonQuery(); }
        using var tx = db.BeginTransaction();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "INSERT INTO messages (id, room_id, seq, rev, sender_id, kind, text, created_at, wildcard) VALUES ($id, $room, $seq, $seq, $sender, 0, $text, $at, 0)";
        var id = cmd.Parameters.Add("$id", SqliteType.Text);
        cmd.Parameters.AddWithValue("$room", roomId.ToString().ToUpperInvariant());
        var seq = cmd.Parameters.Add("$seq", SqliteType.Integer);
        cmd.Parameters.AddWithValue("$sender", senderId.ToString().ToUpperInvariant());
        var text = cmd.Parameters.Add("$text", SqliteType.Text);
        var at = cmd.Parameters.Add("$at", SqliteType.Text);
        cmd.Prepare();
        var start = DateTime.UtcNow.AddDays(-30);
        for (long s = 2; s <= count + 1; s++)
        {
            id.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
            seq.Value = s;
            text.Value = Text(s);
            at.Value = start.AddMilliseconds(s).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            cmd.ExecuteNonQuery();
        }
        using (var room = db.CreateCommand())
        {
            room.CommandText = "UPDATE rooms SET last_seq = $n, last_rev = $n WHERE id = $room";
            room.Parameters.AddWithValue("$n", count + 1L);
            room.Parameters.AddWithValue("$room", roomId.ToString().ToUpperInvariant());
            room.ExecuteNonQuery();
        }
        using (var mark = db.CreateCommand())
        {
            // The seeded rows stay out of the search index (this room is never searched). Left past the index's mark,
            // the server's next write would index them all in one catch-up: for 10M rows, minutes of its CPU inside
            // the measured window (2026-12-06: every run after the seeding one measured that).
            mark.CommandText = "UPDATE search_index_state SET last_rowid = (SELECT max(rowid) FROM messages)";
            mark.ExecuteNonQuery();
        }
        tx.Commit();
    }

    private static async Task SeedPostgresAsync(string connectionString, Guid roomId, Guid senderId, int count, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString + ";Command Timeout=0");
        await db.OpenAsync(ct);
        var start = DateTime.UtcNow.AddDays(-30);
        await using (var copy = await db.BeginBinaryImportAsync("COPY messages (id, room_id, seq, rev, sender_id, kind, text, created_at, wildcard) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (long s = 2; s <= count + 1; s++)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(roomId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(s, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(s, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(senderId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(Text(s), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(start.AddMilliseconds(s), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using var update = new NpgsqlCommand("UPDATE rooms SET last_seq = @n, last_rev = @n WHERE id = @room; ANALYZE messages;", db) { CommandTimeout = 0 };
        update.Parameters.AddWithValue("n", count + 1L);
        update.Parameters.AddWithValue("room", roomId);
        await update.ExecuteNonQueryAsync(ct);
    }
}
