using System.Globalization;
using System.Text;
using Parley.Bench.Workloads;

namespace Parley.Bench;

/// <summary>
/// For runs with a backplane (./bench.sh cluster): each server shape beside one node without Redis at the same
/// workload and shape, against issue 16's targets for two nodes: delivery p99 within 2× and server CPU per delivery
/// (all nodes plus redis-server) within 1.5× of one node. Each shape ran several times, interleaved: the medians are
/// compared and the range shown, since other work on the machine moves single runs a lot.
/// </summary>
public static class ClusterComparison
{
    private const string OneNode = "parley-postgres";
    private const double P99Target = 2.0, CpuTarget = 1.5;

    public static void Append(StringBuilder md, IReadOnlyList<Result> results)
    {
        if (!results.Any(r => r.Redis is not null)) return;
        var groups = results.Where(r => r.CpuUsPerDelivery is not null)
            .GroupBy(r => (r.Workload, r.Shape, r.Target)).ToList();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Against one node without Redis ({OneNode}, same workload and shape): medians of the runs above, their range in brackets. Targets for several nodes: p99 ≤ {P99Target}×, CPU per delivery ≤ {CpuTarget}×.");
        md.AppendLine();
        md.AppendLine("| Shape | Server | Runs | Acked msg/s | p99 ms | p99 × one node | CPU µs/delivery, nodes + Redis | CPU × one node | PostgreSQL CPU µs/delivery | Redis CPU µs/msg | Redis per msg | Targets |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var g in groups)
        {
            var one = groups.FirstOrDefault(b => b.Key == (g.Key.Workload, g.Key.Shape, OneNode));
            if (one is null) continue;
            var runs = g.ToList();
            double p99 = Median(runs, r => r.P99Ms), cpu = Median(runs, r => r.CpuUsPerDelivery!.Value);
            double p99x = p99 / Math.Max(Median([.. one], r => r.P99Ms), 0.001), cpux = cpu / Math.Max(Median([.. one], r => r.CpuUsPerDelivery!.Value), 0.001);
            var withRedis = runs.Where(r => r.Redis is not null).ToList();
            var nodes = runs[0].Nodes;
            var verdict = g.Key.Target == OneNode ? "" : nodes > 1
                ? $"p99 {(p99x <= P99Target ? "met" : "missed")}, CPU {(cpux <= CpuTarget ? "met" : "missed")}"
                : "one node with the backplane: Redis's own cost";
            var redis = withRedis.Count == 0 ? "" : withRedis[0].Redis!.CommandMix + FormattableString.Invariant(
                $"; {Median(withRedis, r => r.Redis!.BytesInPerMessage):N0} B in, {Median(withRedis, r => r.Redis!.BytesOutPerMessage):N0} B out");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {g.Key.Shape} | {g.Key.Target} | {runs.Count} | {Median(runs, r => r.AckedPerSec):N0} | {p99:0.#} {Range(runs, r => r.P99Ms)} | {p99x:0.00}× | " +
                $"{cpu:0.#} {Range(runs, r => r.CpuUsPerDelivery!.Value)} | {cpux:0.00}× | {Median(runs, DbPerDelivery):0.#} | " +
                $"{(withRedis.Count == 0 ? "" : Median(withRedis, r => r.Redis!.CpuUsPerMessage).ToString("0.#", CultureInfo.InvariantCulture))} | {redis} | {verdict} |");
        }
        md.AppendLine();
    }

    internal static double Median(IReadOnlyList<Result> runs, Func<Result, double> value)
    {
        var v = runs.Select(value).Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    internal static string Range(IReadOnlyList<Result> runs, Func<Result, double> value, string format = "0.#") =>
        runs.Count < 2 ? "" : $"({runs.Min(value).ToString(format, CultureInfo.InvariantCulture)}–{runs.Max(value).ToString(format, CultureInfo.InvariantCulture)})";

    private static double DbPerDelivery(Result r) =>
        r.DbCpuSeconds is { } db && r.DeliveriesPerSec > 0 ? 1e6 * db / (r.DeliveriesPerSec * r.Seconds) : 0;
}
