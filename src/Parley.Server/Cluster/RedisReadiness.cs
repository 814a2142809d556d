using Parley.Server.Health;
using Parley.Server.Infrastructure;

namespace Parley.Server.Cluster;

/// <summary>
/// Redis answers a PING: without it this node's clients hear nothing from other nodes and new hub connections are
/// refused, so the load balancer should send people elsewhere. Also the backplane gauge in the metrics.
/// </summary>
public sealed class RedisReadiness(RedisConnection redis) : IReadinessCheck, IBackplaneStatus
{
    public string Name => "redis";

    public bool Connected => redis.IsUp;

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        if (!redis.IsUp) return false;
        var multiplexer = await redis.MultiplexerAsync().WaitAsync(ct);
        await multiplexer.GetDatabase().PingAsync().WaitAsync(ct);
        return true;
    }
}
