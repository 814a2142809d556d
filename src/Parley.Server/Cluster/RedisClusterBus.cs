using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using StackExchange.Redis;

namespace Parley.Server.Cluster;

/// <summary>
/// The cluster bus on Redis pub/sub: one channel every node subscribes to, and one per node for the answers.
/// <para>
/// Order: a node runs a message's handlers itself first, then publishes it. Redis hands a channel's messages to each
/// subscriber in the order they were published, and each node runs them one at a time in that order; messages one
/// node publishes go out on its one connection in the order they were published. The publisher then waits until
/// every node that received the message has run it (each answers; the count of receivers is what PUBLISH returns),
/// for at most a few seconds. So when a service goes on to broadcast after moving a user into a room's group, the
/// user's connections on every node are in the group before the broadcast leaves.
/// </para>
/// <para>
/// Loss: pub/sub keeps nothing. A message published while Redis is away, or to a node cut off from it, is lost. The
/// handlers are written so that loss is repaired: group moves read the membership from the database, so a later
/// message repairs an earlier lost one; caches expire after 5 s anyway; and a node whose link comes back publishes
/// <see cref="ClusterResync"/>, on which every node re-reads its connections' rooms and sessions and drops its caches.
/// Clients repair what they missed of the broadcasts themselves, by rev, when they see a gap or reconnect.
/// </para>
/// </summary>
public sealed class RedisClusterBus(RedisConnection redis, ThisNode node, ILogger<RedisClusterBus> log) : ClusterBus(log), IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("parley:cluster");
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<long, Answers> _waiting = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _lastId;
    private volatile bool _subscribed;

    /// <summary>Whether this node hears the others' messages (subscribed once; StackExchange.Redis renews it after a reconnect).</summary>
    public bool IsSubscribed => _subscribed;

    private sealed record Envelope(string From, long Id, string Kind, JsonElement Payload);

    private static RedisChannel AnswersTo(string nodeId) => RedisChannel.Literal("parley:cluster:done:" + nodeId);

    public override async Task PublishAsync<T>(T message)
    {
        ExceptionDispatchInfo? failedHere = null;
        try { await RunHereAsync(message); }
        catch (Exception e) { failedHere = ExceptionDispatchInfo.Capture(e); }
        await TellOthersAsync(Kind(typeof(T)), JsonSerializer.SerializeToElement(message, JsonSerializerOptions.Web));
        failedHere?.Throw();
    }

    private async Task TellOthersAsync(string kind, JsonElement payload)
    {
        // Redis away: the others can't be told now; the ClusterResync that follows its return repairs what this changed.
        if (!redis.IsUp) return;
        var id = Interlocked.Increment(ref _lastId);
        var answers = _waiting[id] = new Answers();
        try
        {
            var subscriber = (await redis.MultiplexerAsync()).GetSubscriber();
            var receivers = await subscriber.PublishAsync(Channel, JsonSerializer.SerializeToUtf8Bytes(new Envelope(node.Id, id, kind, payload)));
            if (!await answers.AllAsync((int)receivers, AnswerWait))
                log.LogWarning("A cluster message ({Kind}) was not confirmed by every node within {Seconds} s", kind, AnswerWait.TotalSeconds);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            log.LogDebug("A cluster message ({Kind}) could not be published: {Reason}", kind, e.Message);
        }
        finally { _waiting.TryRemove(id, out _); }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.Restored += () => _ = ResyncAsync();
        _ = SubscribeAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    /// <summary>Subscribes once Redis can be reached (it may be away at start); StackExchange.Redis renews it after a reconnect.</summary>
    private async Task SubscribeAsync()
    {
        var subscriber = (await redis.MultiplexerAsync()).GetSubscriber();
        while (!_stopping.IsCancellationRequested)
        {
            if (subscriber.Multiplexer.IsConnected)
            {
                try
                {
                    (await subscriber.SubscribeAsync(AnswersTo(node.Id))).OnMessage(m => Answered((long)m.Message));
                    // One at a time, in the order published (ChannelMessageQueue.OnMessage awaits each handler).
                    (await subscriber.SubscribeAsync(Channel)).OnMessage(m => ReceiveAsync(subscriber, m));
                    _subscribed = true;
                    // Requests served before this heard nothing of the other nodes' changes (a block, a membership moved):
                    // this node repairs as after Redis came back.
                    try { await RunHereAsync(new ClusterResync()); }
                    catch (Exception e) { log.LogWarning(e, "Repairing after subscribing to the other nodes failed"); }
                    return;
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    try { await subscriber.UnsubscribeAsync(AnswersTo(node.Id)); await subscriber.UnsubscribeAsync(Channel); }
                    catch (Exception again) when (again is RedisException or TimeoutException) { }
                }
            }
            try { await Task.Delay(TimeSpan.FromMilliseconds(500), _stopping.Token); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task ReceiveAsync(ISubscriber subscriber, ChannelMessage message)
    {
        Envelope? envelope;
        try { envelope = JsonSerializer.Deserialize<Envelope>((byte[])message.Message!, JsonSerializerOptions.Web); }
        catch (JsonException) { return; }
        if (envelope is null) return;
        if (envelope.From != node.Id) await RunFromElsewhereAsync(envelope.Kind, envelope.Payload);
        try { await subscriber.PublishAsync(AnswersTo(envelope.From), envelope.Id, CommandFlags.FireAndForget); }
        catch (Exception e) when (e is RedisException or TimeoutException) { }
    }

    private void Answered(long id)
    {
        if (_waiting.TryGetValue(id, out var answers)) answers.One();
    }

    /// <summary>Once the subscriptions are back (StackExchange.Redis renews them as it reconnects), every node repairs.</summary>
    private async Task ResyncAsync()
    {
        try
        {
            var subscriber = (await redis.MultiplexerAsync()).GetSubscriber();
            for (var i = 0; i < 50 && _subscribed && !subscriber.IsConnected(Channel); i++) await Task.Delay(100, _stopping.Token);
            await PublishAsync(new ClusterResync());
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { log.LogWarning(e, "Repairing after Redis came back failed"); }
    }

    /// <summary>Counts the nodes' answers to one message; the number to wait for is known only once PUBLISH returns.</summary>
    private sealed class Answers
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;
        private int _expected = -1;

        public void One()
        {
            Interlocked.Increment(ref _count);
            Check();
        }

        public async Task<bool> AllAsync(int expected, TimeSpan wait)
        {
            Volatile.Write(ref _expected, expected);
            Check();
            try { await _all.Task.WaitAsync(wait); return true; }
            catch (TimeoutException) { return false; }
        }

        private void Check()
        {
            var expected = Volatile.Read(ref _expected);
            if (expected >= 0 && Volatile.Read(ref _count) >= expected) _all.TrySetResult();
        }
    }
}
