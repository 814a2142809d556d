using Microsoft.Extensions.Options;
using Parley.Server.Cluster;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Calls;

/// <summary>
/// On every node: ringing past RingSeconds becomes missed, a reconnect grace that ran out becomes left
/// (<see cref="CallDepartures.ExpireAsync"/>, whose conditional changes let several nodes sweep without doubling anything).
/// It sleeps until the next such deadline (<see cref="DeadlineLoop"/>: a ring or grace started on this node wakes it)
/// instead of asking the database every second with no call at all.
/// A server of one process first lets go of whoever was joined through its previous run.
/// </summary>
public sealed class RingSweeper(IServiceScopeFactory scopes, IOptions<ClusterOptions> cluster, TimeProvider clock, DatabaseOutage outage,
    ILogger<RingSweeper> log) : DeadlineLoop(clock, outage, log)
{
    protected override string RoundFailed => "Sweeping call ringing and reconnects failed";

    protected override async Task StartingAsync(CancellationToken ct)
    {
        // With several nodes the others' connections are alive: only one process may assume every old connection gone.
        if (cluster.Value.Enabled) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CallDepartures>().OrphansOfLastRunAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested) { if (!Outage.Saw(e)) Log.LogWarning(e, "Letting go of the calls' connections of the last run failed"); }
    }

    protected override async Task<DateTime?> RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var departures = scope.ServiceProvider.GetRequiredService<CallDepartures>();
        await departures.ExpireAsync(ct);
        return await departures.NextExpiryAsync(ct);
    }
}
