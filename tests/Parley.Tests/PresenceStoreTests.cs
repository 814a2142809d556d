using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Cluster;
using Parley.Server.Files;
using Parley.Server.Presence;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// The cluster's presence store on a Redis of the test's own, two nodes' stores driven by hand (each its own clock), for
/// the moments a whole-app test can't place: between a node's first connection and its first heartbeat.
/// </summary>
public sealed class PresenceStoreTests
{
    private static readonly PresenceOptions Settings = new() { NodeExpirySeconds = 2, HeartbeatSeconds = 1 };

    private static async Task<(RedisPresenceStore Store, RedisConnection Redis)> NodeAsync(ThrowawayRedis redis, TimeProvider clock)
    {
        var node = new ThisNode();
        var connection = new RedisConnection(Options.Create(new ClusterOptions { Configuration = redis.ConfigurationString }),
            Options.Create(new FilesOptions()), node, NullLogger<RedisConnection>.Instance);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 100 && !connection.IsUp; i++) await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.True(connection.IsUp);
        return (new RedisPresenceStore(connection, node, Options.Create(Settings), clock, NullLogger<RedisPresenceStore>.Instance), connection);
    }

    [Fact]
    public async Task ANodeThatDiesBeforeItsFirstHeartbeatHasItsUsersTakenOffline()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "Several nodes: runs in the PostgreSQL suite (no database is used).");
        await using var redis = await ThrowawayRedis.StartAsync();
        var start = DateTimeOffset.UtcNow;
        var clockB = new FakeTimeProvider(start);
        var (a, redisA) = await NodeAsync(redis, new FakeTimeProvider(start));
        var (b, redisB) = await NodeAsync(redis, clockB);
        await using var _ = redisA;
        await using var __ = redisB;
        await b.BeatAsync();

        // Alice connects to A, which dies before it ever beats (a crash just after starting).
        var alice = Guid.NewGuid();
        var connected = await a.ConnectedAsync(alice, "c1", "");
        Assert.Equal(PresenceStatus.Online, connected.Published);
        Assert.Equal(PresenceStatus.Online, (await b.StatusesAsync([alice]))[alice]);

        // Past A's expiry plus a heartbeat, B's beat takes her offline.
        clockB.Advance(TimeSpan.FromSeconds(Settings.NodeExpirySeconds + Settings.HeartbeatSeconds));
        var changes = await b.BeatAsync();
        Assert.Contains(changes, c => c.UserId == alice && c.Change.Published == PresenceStatus.Offline);
        Assert.Equal(PresenceStatus.Offline, (await b.StatusesAsync([alice]))[alice]);
    }
}
