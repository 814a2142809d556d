namespace Parley.Tests.Infrastructure;

/// <summary>
/// Two nodes of one cluster in the test process: two apps on real Kestrel (loopback, each its own port) sharing one
/// PostgreSQL database and one Redis of the test's own. A user signed up on one node uses the other with the same
/// token (the data-protection keys are in the database): <c>On(B, alice)</c>.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    public required ThrowawayRedis Redis { get; init; }
    public required ParleyApp A { get; init; }
    public required ParleyApp B { get; init; }

    /// <param name="clockA">A FakeTimeProvider for node A (and <paramref name="clockB"/> for B), for time-based rules.</param>
    /// <param name="redisDown">Start the nodes while their Redis is stopped (start it with <c>Redis.StartServerAsync</c>).</param>
    public static async Task<TwoNodes> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? clockA = null, TimeProvider? clockB = null,
        bool redisDown = false)
    {
        var redis = await ThrowawayRedis.StartAsync();
        ParleyApp? a = null;
        TwoNodes nodes;
        try
        {
            if (redisDown) await redis.StopServerAsync();
            var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["Parley:Redis:Configuration"] = redis.ConfigurationString,
            };
            var database = await ParleyApp.CreateDatabaseAsync();
            a = await ParleyApp.StartOnAsync(database, all, clockA);
            // B doesn't drop the database when it stops: A does, last.
            var b = await ParleyApp.StartOnAsync((database.ConnectionString, null, null), all, clockB);
            nodes = new TwoNodes { Redis = redis, A = a, B = b };
        }
        catch
        {
            if (a is not null) await a.DisposeAsync();
            await redis.DisposeAsync();
            throw;
        }
        // A node starts without waiting for Redis and drops what it publishes until its link is up: on a busy machine
        // that can be after the test's first event (seen in CI).
        if (!redisDown)
        {
            try { await nodes.WaitForRedisAsync(); }
            catch { await nodes.DisposeAsync(); throw; }
        }
        return nodes;
    }

    /// <summary>Waits until both nodes are connected to Redis again (after it was started or restarted).</summary>
    public async Task WaitForRedisAsync()
    {
        foreach (var node in new[] { A, B })
        {
            var redis = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Parley.Server.Cluster.RedisConnection>(node.Services);
            // Connected is not enough: a node that has not subscribed yet is not counted among those a message must
            // reach, and misses it (a block published meanwhile was never heard by the other node; seen in CI).
            var bus = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Parley.Server.Cluster.ClusterBus>(node.Services)
                as Parley.Server.Cluster.RedisClusterBus;
            for (var i = 0; i < 300 && !(redis.IsUp && (bus?.IsSubscribed ?? true)); i++) await Task.Delay(100);
            if (!redis.IsUp || bus is { IsSubscribed: false }) throw new Xunit.Sdk.XunitException("A node did not reconnect to Redis within 30 s.");
            // SignalR's backplane subscribes to its channels on its own, after the hub first starts: a connection can be
            // up before its node hears what other nodes send to everyone (an emoji added on A missed on B, seen in CI).
            // A publish awaits that same connect-and-subscribe.
            var hub = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Microsoft.AspNetCore.SignalR.IHubContext<Parley.Server.Realtime.ChatHub>>(node.Services);
            await hub.Clients.All.SendCoreAsync("TestNodeReady", []).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The user, with REST calls and hub connections going to this node.</summary>
    public static TestUser On(ParleyApp node, TestUser user) => user with { App = node };

    public async ValueTask DisposeAsync()
    {
        try { await B.DisposeAsync(); }
        finally
        {
            try { await A.DisposeAsync(); }
            finally { await Redis.DisposeAsync(); }
        }
    }
}
