using System.Globalization;
using System.Text;
using System.Text.Json;
using Parley.Bench.Workloads;

namespace Parley.Bench;

/// <summary>
/// Turns a run's JSON lines into a dated Markdown section (machine, versions, one row per run, the ratio against the
/// Socket.IO peer for the same workload and shape) and appends it to docs/benchmarks.md.
/// </summary>
public static class Report
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Append(string resultsFile, string markdownFile, string mode, string versions)
    {
        var results = File.ReadLines(resultsFile).Where(l => l.StartsWith('{'))
            .Select(l => JsonSerializer.Deserialize<Result>(l, Json)!).ToList();
        // One block per workload and shape, whatever order the servers ran in (quick runs them server by server).
        var order = results.Select(r => (r.Workload, r.Shape)).Distinct().ToList();
        results = [.. results.OrderBy(r => order.IndexOf((r.Workload, r.Shape)))];
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — `./bench.sh {mode}`");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine()}. {versions}, SQLite {SqliteVersion()}. Server and load generator pinned to separate cores with taskset.");
        md.AppendLine();
        md.AppendLine("| Workload | Shape | Server | Acked msg/s | Deliveries/s | p50 ms | p95 ms | p99 ms | max ms | Errors / lost / dup / gaps | Server CPU s | Peak RSS MB | Other | vs Socket.IO |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|");
        foreach (var r in results)
        {
            var peer = results.FirstOrDefault(p => p.Target == "socketio" && p.Workload == r.Workload && p.Shape == r.Shape);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Workload} | {r.Shape} | {r.Target} | {N(r.AckedPerSec)} | {N(r.DeliveriesPerSec)} | {r.P50Ms:0.##} | {r.P95Ms:0.##} | {r.P99Ms:0.##} | {r.MaxMs:0.##} | " +
                $"{r.Errors} / {r.Lost} / {r.Duplicates} / {r.Gaps} | {r.ServerCpuSeconds:0.##} | {r.ServerPeakRssMb:0} | {Other(r)} | {Versus(r, peer)} |");
        }
        md.AppendLine();
        ClusterComparison.Append(md, results);
        SearchComparison.Append(md, results);
        File.AppendAllText(markdownFile, md.ToString());
    }

    private static string N(double v) => v == 0 ? "" : v.ToString("N0", CultureInfo.InvariantCulture);

    private static string Other(Result r)
    {
        var parts = new List<string>();
        if (r.BytesPerConnection is { } b) parts.Add($"{b / 1024:0.#} KiB/connection ({r.Connections:N0} open)");
        if (r.ConnectionsPerSec is { } c) parts.Add($"{c:N0} connections/s");
        if (r.LoadCpuPercent is { } load) parts.Add($"server {100 * r.ServerCpuSeconds / Math.Max(r.Seconds, 0.001):0} % / load generator {load:0} % of a core");
        if (r.CpuUsPerDelivery is { } perDelivery) parts.Add($"{perDelivery:0.#} µs server CPU/delivery");
        if (r.DbCpuSeconds is { } db) parts.Add($"PostgreSQL {db:0.##} CPU s");
        if (r.WrittenKbPerMessage is { } written) parts.Add($"{written:0.#} KB written/message");
        if (r.SearchCatchUpSeconds is { } catchUp and > 0 && r.ServerCpuSeconds > 0)
            parts.Add($"search catch-ups {catchUp:0.###} s" + (r.SearchCatchUpCpuSeconds is { } cpu
                ? $", {cpu:0.###} CPU s ({100 * cpu / r.ServerCpuSeconds:0.#} % of the server's CPU)"
                : $" ({100 * catchUp / r.ServerCpuSeconds:0.#} % of the server's CPU)"));
        if (r.Redis is { } redis) parts.Add($"Redis {redis.CpuUsPerMessage:0.#} µs CPU, {redis.PublishesPerMessage:0.##} publishes, {redis.BytesInPerMessage:0} B in / {redis.BytesOutPerMessage:0} B out per message");
        if (r.Nodes > 1) parts.Add($"{r.Nodes} nodes");
        if (r.LoadAverage is { } load1) parts.Add($"load average {load1}");
        if (r.Reordered > 0) parts.Add($"{r.Reordered:N0} arrived out of seq order");
        if (r.Note is { Length: > 0 } n) parts.Add(n);
        return string.Join("; ", parts);
    }

    private static string Versus(Result r, Result? peer)
    {
        if (peer is null || r.Target == "socketio") return "";
        return r.Workload switch
        {
            "fanout" or "chatmix" when peer.DeliveriesPerSec > 0 =>
                $"{r.DeliveriesPerSec / peer.DeliveriesPerSec:0.00}× deliveries, p99 {r.P99Ms / Math.Max(peer.P99Ms, 0.001):0.00}×",
            "idle" when peer.BytesPerConnection > 0 => $"{r.BytesPerConnection / peer.BytesPerConnection:0.00}× memory/connection",
            "storm" when peer.ConnectionsPerSec > 0 => $"{r.ConnectionsPerSec / peer.ConnectionsPerSec:0.00}× connections/s",
            _ => "",
        };
    }

    private static string SqliteVersion()
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "select sqlite_version()";
        return (string)cmd.ExecuteScalar()!;
    }

    private static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memKb = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "Linux"
            : "Linux";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memKb / 1024 / 1024.0:0.#} GiB RAM, {os}";
    }
}
