using Microsoft.Extensions.Options;
using Parley.Server.Cluster;
using Parley.Server.Data;

namespace Parley.Server.Calls;

/// <summary>
/// On every node: ringing past RingSeconds becomes missed, a reconnect grace that ran out becomes left
/// (<see cref="CallDepartures.ExpireAsync"/>, whose conditional changes let several nodes sweep without doubling anything).
/// It sleeps until the next such deadline (one set on this node wakes it; another node's is seen within
/// <see cref="SafetyInterval"/>), as PollSweeper does, instead of asking the database every second with no call at all.
/// A server of one process first lets go of whoever was joined through its previous run.
/// </summary>
public sealed class RingSweeper(IServiceScopeFactory scopes, IOptions<ClusterOptions> cluster, TimeProvider clock, DatabaseOutage outage,
    ILogger<RingSweeper> log) : BackgroundService
{
    public static readonly TimeSpan SafetyInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>A ring or a reconnect grace started here: plan again now rather than at the planned time.</summary>
    public void Nudge()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { } // already woken
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // With several nodes the others' connections are alive: only one process may assume every old connection gone.
        if (!cluster.Value.Enabled)
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CallDepartures>().OrphansOfLastRunAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Letting go of the calls' connections of the last run failed"); }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = SafetyInterval;
            try
            {
                await SweepAsync(stoppingToken);
                if (await NextDeadlineAsync(stoppingToken) is { } next)
                {
                    var until = next - clock.GetUtcNow().UtcDateTime;
                    if (until < wait) wait = until > TimeSpan.Zero ? until : TimeSpan.Zero;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Sweeping call ringing and reconnects failed"); }
            await SleepAsync(wait, stoppingToken);
        }
    }

    private async Task SleepAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero) return;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try { await Task.WhenAny(Task.Delay(wait, clock, done.Token), _wake.WaitAsync(done.Token)); }
        finally { await done.CancelAsync(); }
    }

    private async Task<DateTime?> NextDeadlineAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CallDepartures>().NextExpiryAsync(ct);
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CallDepartures>().ExpireAsync(ct);
    }
}
