namespace Parley.Server.Cluster;

/// <summary>
/// Whether this node has Redis: both links up, the one for commands and the one for subscriptions (which carries the
/// cluster), said once per change. StackExchange.Redis raises its failure and recovery events on the thread pool, so a
/// quick loss and recovery may arrive in either order: a failure is taken as reported, a recovery only once the links
/// are seen up, and <see cref="Check"/>, run every second too, mends the rest.
/// </summary>
public sealed class RedisLinkState(Func<bool> linksUp, string endpoints, ILogger log)
{
    private readonly Lock _gate = new();
    private volatile bool _up = true;

    public bool IsUp => _up;

    /// <summary>The node has connected (or tried to): says so if it starts without Redis.</summary>
    public void Started()
    {
        lock (_gate)
        {
            if (!_up || linksUp()) return;
            _up = false;
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
            // Read under the gate, so a failure reported meanwhile is not overwritten by a stale "up".
            var up = linksUp();
            if (up == _up) return false;
            if (!up)
            {
                SayLost(endpoints, "link down");
                return false;
            }
            _up = true;
            log.LogInformation("Redis at {Endpoints} is reachable again", endpoints);
            return true;
        }
    }

    private void SayLost(string endpoint, string failure)
    {
        if (!_up) return;
        _up = false;
        log.LogWarning("Lost Redis at {Endpoints} ({Failure}): events no longer reach other nodes' clients until it is back (they catch up then)",
            endpoint, failure);
    }
}
