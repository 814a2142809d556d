using Parley.Server.Data;

namespace Parley.Server.Polls;

/// <summary>
/// On every node: polls whose close time has passed are closed (<see cref="PollService.CloseDueAsync"/>, conditional,
/// so several nodes close each once). It sleeps until the next open poll's close time (a poll with a close time sent on
/// this node wakes it; another node's is seen within <see cref="SafetyInterval"/>), as ScheduledDispatcher does, rather
/// than asking the database every second. The close time is in the database, so a restart misses nothing: polls that
/// came due while the server was down close at its first sweep, dated at their close time.
/// </summary>
public sealed class PollSweeper(IServiceScopeFactory scopes, TimeProvider clock, DatabaseOutage outage, ILogger<PollSweeper> log) : BackgroundService
{
    public static readonly TimeSpan SafetyInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>A poll with a close time was sent here: look again now rather than at the planned time.</summary>
    public void Nudge()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { } // already woken
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = SafetyInterval;
            try
            {
                await SweepAsync(stoppingToken);
                if (await NextCloseAsync(stoppingToken) is { } next)
                {
                    // Still due (more than one batch was): go on at once.
                    var until = next - clock.GetUtcNow().UtcDateTime;
                    if (until < wait) wait = until > TimeSpan.Zero ? until : TimeSpan.Zero;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!outage.Saw(e)) log.LogWarning(e, "Closing polls whose time has come failed");
            }
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

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollService>().CloseDueAsync(ct);
    }

    private async Task<DateTime?> NextCloseAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollService>().NextCloseAsync(ct);
    }
}
