using Parley.Server.Data;

namespace Parley.Server.Polls;

/// <summary>
/// Every second, on every node: polls whose close time has passed are closed (<see cref="PollService.CloseDueAsync"/>,
/// conditional, so several nodes close each once). The close time is in the database, so a restart misses nothing:
/// polls that came due while the server was down close at its first sweep, dated at their close time.
/// </summary>
public sealed class PollSweeper(IServiceScopeFactory scopes, TimeProvider clock, DatabaseOutage outage, ILogger<PollSweeper> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await SweepAsync(stoppingToken); }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Closing polls whose time has come failed"); }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollService>().CloseDueAsync(ct);
    }
}
