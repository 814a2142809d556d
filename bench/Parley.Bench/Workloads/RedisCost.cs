using Parley.Bench.Measure;

namespace Parley.Bench.Workloads;

/// <summary>
/// The backplane's cost per message sent over the measured window: redis-server CPU, PUBLISH calls, bytes the nodes
/// sent it (the publishes) and bytes it sent them (each publish once per subscribed node).
/// </summary>
public sealed record RedisCost(double CpuSeconds, double CpuUsPerMessage, double PublishesPerMessage, double BytesInPerMessage,
    double BytesOutPerMessage, double PublishUsPerCall, double CommandsPerMessage, string CommandMix)
{
    public static RedisCost PerMessage(RedisStats d, long messages)
    {
        var m = Math.Max(messages, 1);
        // The commands the nodes sent, most first, per message: what besides PUBLISH a send costs in Redis.
        var mix = string.Join(", ", d.Calls.Where(c => c.Value > 0).OrderByDescending(c => c.Value).Take(6)
            .Select(c => FormattableString.Invariant($"{c.Key} {(double)c.Value / m:0.##}")));
        return new RedisCost(Math.Round(d.CpuSeconds, 2), Math.Round(1e6 * d.CpuSeconds / m, 1), Math.Round((double)d.Publishes / m, 2),
            Math.Round((double)d.NetInputBytes / m), Math.Round((double)d.NetOutputBytes / m),
            d.Publishes > 0 ? Math.Round((double)d.PublishMicros / d.Publishes, 2) : 0, Math.Round((double)d.Commands / m, 2), mix);
    }
}
