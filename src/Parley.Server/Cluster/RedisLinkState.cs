namespace Parley.Server.Cluster;

/// <summary>
/// Whether this node has Redis, said once per change. StackExchange.Redis raises its failure and recovery events on
/// the thread pool, so a quick loss and recovery may arrive in either order, or a recovery not at all: a failure is
/// taken as reported, a recovery only once the links are seen up, and <see cref="Check"/>, run every second, mends
/// the rest.
/// </summary>
public sealed class RedisLinkState(Func<bool> linksUp, string endpoints, ILogger log)
{
    private readonly Lock _gate = new();
    private int _down;

    public bool IsUp => Volatile.Read(ref _down) == 0;

    /// <summary>The node started without Redis.</summary>
    public void StartedWithout()
    {
        lock (_gate)
        {
            if (_down == 1) return;
            Volatile.Write(ref _down, 1);
            log.LogWarning("Redis at {Endpoints} can't be reached: this node starts without it and keeps trying", endpoints);
        }
    }

    /// <summary>The library reported the subscription link failed.</summary>
    public void Failed(string endpoint, string failure)
    {
        lock (_gate) SayLost(endpoint, failure);
    }

    /// <summary>Says what the links are now, if that differs from what was said; true when Redis just came back.</summary>
    public bool Check()
    {
        lock (_gate)
        {
            // Read under the gate: a failure reported after this read is said after this check, not before it.
            var up = linksUp();
            if (up == (_down == 0)) return false;
            if (!up)
            {
                SayLost(endpoints, "link down");
                return false;
            }
            Volatile.Write(ref _down, 0);
            log.LogInformation("Redis at {Endpoint} is reachable again", endpoints);
            return true;
        }
    }

    private void SayLost(string endpoint, string failure)
    {
        if (_down == 1) return;
        Volatile.Write(ref _down, 1);
        log.LogWarning("Lost Redis at {Endpoint} ({Failure}): events no longer reach other nodes' clients until it is back (they catch up then)",
            endpoint, failure);
    }
}
