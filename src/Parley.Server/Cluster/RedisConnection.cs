using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Parley.Server.Cluster;

/// <summary>
/// The node's one connection to Redis, shared by the SignalR backplane, the cluster bus and presence (StackExchange.Redis
/// multiplexes them all on it). Redis is not needed to start: the node starts without it and keeps trying. Commands
/// fail at once while it is away instead of queueing (BacklogPolicy.FailFast): nothing waits on Redis, the database
/// stays the record, and what was lost in transit is repaired (clients by rev, nodes by <see cref="ClusterResync"/>).
/// The loss and the recovery are logged once each.
/// </summary>
public sealed class RedisConnection(IOptions<ClusterOptions> options, IOptions<Files.FilesOptions> files, ThisNode node, ILogger<RedisConnection> log) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<IConnectionMultiplexer> _multiplexer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _down;

    /// <summary>The multiplexer, once the node has started (it may not be connected yet).</summary>
    public Task<IConnectionMultiplexer> MultiplexerAsync() => _multiplexer.Task;

    /// <summary>False while Redis can't be reached.</summary>
    public bool IsUp => Volatile.Read(ref _down) == 0 && _multiplexer.Task.IsCompletedSuccessfully;

    /// <summary>Raised once when Redis is reachable again after a loss (or after a start without it).</summary>
    public event Action? Restored;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (FilesAcrossNodes.Warning(files.Value) is { } warning) log.LogWarning("{Warning}", warning);
        var config = ConfigurationOptions.Parse(options.Value.Configuration);
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        // A try every second: the default backs off exponentially, and a node whose tries failed while Redis was down
        // (or the machine was busy) could stay cut off for many seconds after the others were back.
        config.ReconnectRetryPolicy ??= new LinearRetry(1000);
        config.ClientName ??= "parley-" + node.Id;
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(config);
        // Each of the two links (commands, subscriptions) reports; the subscription one is what carries the cluster.
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription && Interlocked.Exchange(ref _down, 1) == 0)
                log.LogWarning("Lost Redis at {Endpoint} ({Failure}): events no longer reach other nodes' clients until it is back (they catch up then)",
                    e.EndPoint, e.FailureType);
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType != ConnectionType.Subscription || Interlocked.Exchange(ref _down, 0) == 0) return;
            log.LogInformation("Redis at {Endpoint} is reachable again", e.EndPoint);
            Restored?.Invoke();
        };
        if (!multiplexer.IsConnected && Interlocked.Exchange(ref _down, 1) == 0)
            log.LogWarning("Redis at {Endpoints} can't be reached: this node starts without it and keeps trying", string.Join(", ", config.EndPoints));
        _multiplexer.SetResult(multiplexer);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.Task.IsCompletedSuccessfully) await _multiplexer.Task.Result.DisposeAsync();
    }
}
