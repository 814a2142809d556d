using Npgsql;
using Parley.Bench.Workloads;

namespace Parley.Bench.Measure;

/// <summary>
/// Brings PostgreSQL's table statistics up to date at the end of a warm-up, as autovacuum has on a server that has run a
/// while. A run's database is new: the statements prepared while its tables were nearly empty keep the plans made then
/// until an ANALYZE (the retry lookup as a scan over every message), and autovacuum, left to itself, looks only once
/// a minute. Looking every second instead meant an ANALYZE of the growing messages table each second and a worker
/// forked for it, up to a fifth of the server's core in a run (docs/benchmarks.md, 2026-12-06): work a server whose
/// table holds more than a few thousand messages does not do. No-op unless --seed-db names a PostgreSQL database.
/// </summary>
public static class PostgresStatistics
{
    public static async Task AnalyzeAsync(BenchOptions o, CancellationToken ct)
    {
        const string Postgres = "postgres:";
        var seed = o.Get("seed-db", "");
        if (!seed.StartsWith(Postgres, StringComparison.Ordinal)) return;
        await using var db = new NpgsqlConnection(seed[Postgres.Length..]);
        await db.OpenAsync(ct);
        await using var analyze = new NpgsqlCommand("ANALYZE", db) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync(ct);
    }
}
