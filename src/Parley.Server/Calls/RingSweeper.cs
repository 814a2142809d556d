using Microsoft.Extensions.Options;
using Parley.Server.Cluster;
using Parley.Server.Data;

namespace Parley.Server.Calls;

/// <summary>
/// Every second, on every node: ringing past RingSeconds becomes missed, a reconnect grace that ran out becomes left
/// (<see cref="CallDepartures.ExpireAsync"/>, whose conditional changes let several nodes sweep without doubling anything).
/// A server of one process first lets go of whoever was joined through its previous run.
/// </summary>
public sealed class RingSweeper(IServiceScopeFactory scopes, IOptions<ClusterOptions> cluster, TimeProvider clock, DatabaseOutage outage,
    ILogger<RingSweeper> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

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
        return await scope.ServiceProvider.GetRequiredService<CallDepartures>().ExpireAsync(ct);
    }
}
