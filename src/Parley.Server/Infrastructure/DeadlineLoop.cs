using Parley.Server.Data;

namespace Parley.Server.Infrastructure;

/// <summary>
/// A background loop for work that falls due at times stored in the database (scheduled messages, polls' close times,
/// rings and reconnect graces): each round does what is due and says when the next thing is, and the loop sleeps until
/// then. A deadline set on this node wakes it (<see cref="Nudge"/>); another node's is seen within
/// <see cref="SafetyInterval"/>. So an idle server asks the database once every few seconds, not every second.
/// </summary>
public abstract class DeadlineLoop(TimeProvider clock, DatabaseOutage outage, ILogger log) : BackgroundService
{
    public static readonly TimeSpan SafetyInterval = TimeSpan.FromSeconds(5);
    /// <summary>
    /// The shortest sleep. A round that reports something already due goes again soon (a batch was full), but never at
    /// once: a deadline the round can't clear would otherwise spin the loop against the database.
    /// </summary>
    public static readonly TimeSpan ShortestPause = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _wake = new(0, 1);

    protected TimeProvider Clock => clock;
    protected DatabaseOutage Outage => outage;
    protected ILogger Log => log;

    /// <summary>What the log says when a round fails for a reason other than a database outage.</summary>
    protected abstract string RoundFailed { get; }

    /// <summary>Does what is due now; returns when the next thing falls due (UTC), if anything is waiting.</summary>
    protected abstract Task<DateTime?> RoundAsync(CancellationToken ct);

    /// <summary>Once, before the first round.</summary>
    protected virtual Task StartingAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Something with a deadline was stored here: plan again now rather than at the planned time.</summary>
    public void Nudge()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { } // already woken
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await StartingAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = SafetyInterval;
            try
            {
                if (await RoundAsync(stoppingToken) is { } next)
                {
                    var until = next - clock.GetUtcNow().UtcDateTime;
                    if (until < wait) wait = until > ShortestPause ? until : ShortestPause;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!outage.Saw(e)) log.LogWarning(e, "{What}", RoundFailed);
            }
            await SleepAsync(wait, stoppingToken);
        }
    }

    private async Task SleepAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try { await Task.WhenAny(Task.Delay(wait, clock, done.Token), _wake.WaitAsync(done.Token)); }
        finally { await done.CancelAsync(); }
    }
}
