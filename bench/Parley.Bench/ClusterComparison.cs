using System.Globalization;
using System.Text;
using Parley.Bench.Workloads;

namespace Parley.Bench;

/// <summary>
/// For runs with a backplane (./bench.sh cluster): each one beside the single node without Redis at the same workload
/// and shape, against issue 16's targets for two nodes: delivery p99 within 2× and server CPU per delivery (all nodes
/// plus redis-server) within 1.5× of one node.
/// </summary>
public static class ClusterComparison
{
    private const string OneNode = "parley-postgres";
    private const double P99Target = 2.0, CpuTarget = 1.5;

    public static void Append(StringBuilder md, IReadOnlyList<Result> results)
    {
        var rows = results.Where(r => r.Redis is not null || r.Nodes > 1).ToList();
        if (rows.Count == 0) return;
        md.AppendLine(CultureInfo.InvariantCulture, $"Against one node without Redis ({OneNode}, same workload and shape). Targets for several nodes: p99 ≤ {P99Target}×, CPU per delivery ≤ {CpuTarget}×.");
        md.AppendLine();
        md.AppendLine("| Shape | Server | Acked msg/s | p99 ms (× one node) | CPU µs/delivery, nodes + Redis (× one node) | PostgreSQL CPU µs/delivery | Redis CPU µs/msg | Publishes/msg | Redis bytes in / out per msg | Targets |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            var one = results.FirstOrDefault(b => b.Target == OneNode && b.Workload == r.Workload && b.Shape == r.Shape);
            if (one is null) continue;
            var p99 = r.P99Ms / Math.Max(one.P99Ms, 0.001);
            var cpu = (r.CpuUsPerDelivery ?? 0) / Math.Max(one.CpuUsPerDelivery ?? 0, 0.001);
            var redis = r.Redis!;
            var verdict = r.Nodes > 1
                ? $"p99 {(p99 <= P99Target ? "met" : "missed")}, CPU {(cpu <= CpuTarget ? "met" : "missed")}"
                : "(one node: the backplane's own cost)";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Shape} | {r.Target} | {r.AckedPerSec:N0} (one node {one.AckedPerSec:N0}) | {r.P99Ms:0.#} ({p99:0.00}×; one node {one.P99Ms:0.#}) | " +
                $"{r.CpuUsPerDelivery:0.#} ({cpu:0.00}×; one node {one.CpuUsPerDelivery:0.#}) | {DbPerDelivery(r)} (one node {DbPerDelivery(one)}) | " +
                $"{redis.CpuUsPerMessage:0.#} | {redis.PublishesPerMessage:0.##} | {redis.BytesInPerMessage:N0} / {redis.BytesOutPerMessage:N0} | {verdict} |");
        }
        md.AppendLine();
    }

    private static string DbPerDelivery(Result r) =>
        r.DbCpuSeconds is { } db && r.DeliveriesPerSec > 0 ? (1e6 * db / (r.DeliveriesPerSec * r.Seconds)).ToString("0.#", CultureInfo.InvariantCulture) : "–";
}
