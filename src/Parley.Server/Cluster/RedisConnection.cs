using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Parley.Server.Cluster;

/// <summary>
/// The node's one connection to Redis, shared by the SignalR backplane, the cluster bus and presence (StackExchange.Redis
/// multiplexes them all on it). Redis is not needed to start: the node starts without it and keeps trying. Commands
/// fail at once while it is away instead of queueing (BacklogPolicy.FailFast): nothing waits on Redis, the database
/// stays the record, and what was lost in transit is repaired (clients by rev, nodes by <see cref="ClusterResync"/>).
/// The loss and the recovery are logged once each (<see cref="RedisLinkState"/>).
/// </summary>
public sealed class RedisConnection(IOptions<ClusterOptions> options, IOptions<Files.FilesOptions> files, ThisNode node, ILogger<RedisConnection> log) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<IConnectionMultiplexer> _multiplexer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RedisLinkState? _link;
    private Timer? _linkCheck;

    /// <summary>The multiplexer, once the node has started (it may not be connected yet).</summary>
    public Task<IConnectionMultiplexer> MultiplexerAsync() => _multiplexer.Task;

    /// <summary>False while Redis can't be reached.</summary>
    public bool IsUp => _multiplexer.Task.IsCompletedSuccessfully && _link!.IsUp;

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
        // Both links up: commands and subscriptions (the one that carries the cluster).
        var link = _link = new RedisLinkState(() => multiplexer.GetSubscriber().IsConnected(), string.Join(", ", config.EndPoints), log);
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription) link.Failed($"{e.EndPoint}", $"{e.FailureType}");
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription) Check();
        };
        link.Started();
        _multiplexer.SetResult(multiplexer);
        _linkCheck = new Timer(_ => Check(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    // Runs on a timer thread too, where an exception would end the process: each listener is called on its own.
    private void Check()
    {
        try
        {
            if (!_link!.Check() || Restored is not { } restored) return;
            foreach (var listener in restored.GetInvocationList().Cast<Action>())
                try { listener(); }
                catch (Exception e) { log.LogWarning(e, "A listener for Redis coming back failed"); }
        }
        catch (ObjectDisposedException) { } // stopping
        catch (Exception e) { log.LogWarning(e, "Checking the links to Redis failed"); }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_linkCheck is not null) await _linkCheck.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_linkCheck is not null) await _linkCheck.DisposeAsync();
        if (_multiplexer.Task.IsCompletedSuccessfully) await _multiplexer.Task.Result.DisposeAsync();
    }
}
