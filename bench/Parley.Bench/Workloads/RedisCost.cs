using Parley.Bench.Measure;

namespace Parley.Bench.Workloads;

/// <summary>
/// The backplane's cost per message sent over the measured window: redis-server CPU, PUBLISH calls, bytes the nodes
/// sent it (the publishes) and bytes it sent them (each publish once per subscribed node).
/// </summary>
public sealed record RedisCost(double CpuSeconds, double CpuUsPerMessage, double PublishesPerMessage, double BytesInPerMessage,
    double BytesOutPerMessage, double PublishUsPerCall)
{
    public static RedisCost PerMessage(RedisStats d, long messages)
    {
        var m = Math.Max(messages, 1);
        return new RedisCost(Math.Round(d.CpuSeconds, 2), Math.Round(1e6 * d.CpuSeconds / m, 1), Math.Round((double)d.Publishes / m, 2),
            Math.Round((double)d.NetInputBytes / m), Math.Round((double)d.NetOutputBytes / m),
            d.Publishes > 0 ? Math.Round((double)d.PublishMicros / d.Publishes, 2) : 0);
    }
}
