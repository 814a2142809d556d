using Microsoft.Extensions.Options;
using Parley.Server.Cluster;

namespace Parley.Server.Presence;

/// <summary>
/// Several nodes: every Parley:Presence:HeartbeatSeconds (and at once when Redis comes back) this node renews its
/// presence in Redis and reaps nodes that stopped (<see cref="RedisPresenceStore.BeatAsync"/>); the tracker publishes
/// what changed. Stopping on purpose, the node marks itself gone so the others reap it at their next beat.
/// </summary>
public sealed class PresenceHeartbeat(RedisPresenceStore store, PresenceTracker tracker, RedisConnection redis, IOptions<PresenceOptions> options,
    TimeProvider clock, ILogger<PresenceHeartbeat> log) : BackgroundService
{
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.Restored += () => _wake.TrySetResult();
        var period = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                foreach (var (user, change) in await store.BeatAsync())
                {
                    var c = change.NeedsChoice ? await store.RewriteAsync(user, await tracker.StoredChoiceAsync(user)) : change;
                    await tracker.ApplyAsync(user, c);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { log.LogWarning(e, "Presence heartbeat failed"); }
            await Task.WhenAny(Task.Delay(period, clock, stoppingToken), wake.Task);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await store.LeaveAsync();
    }
}
