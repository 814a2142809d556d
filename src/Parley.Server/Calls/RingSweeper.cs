using Parley.Server.Data;

namespace Parley.Server.Calls;

/// <summary>
/// Every second, on every node: ringing past RingSeconds becomes missed, a reconnect grace that ran out becomes left
/// (<see cref="CallService.ExpireAsync"/>, whose conditional changes let several nodes sweep without doubling anything).
/// </summary>
public sealed class RingSweeper(IServiceScopeFactory scopes, TimeProvider clock, DatabaseOutage outage, ILogger<RingSweeper> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await SweepAsync(stoppingToken); }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Sweeping call ringing and reconnects failed"); }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CallService>().ExpireAsync(ct);
    }
}
