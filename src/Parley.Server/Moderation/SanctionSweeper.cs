using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Moderation;

/// <summary>
/// Deletes bans and timeouts that ran out. Every check already compares with the clock, so an expired sanction holds
/// nobody back before this runs; this only keeps the table (and the moderators' ban list queries) small.
/// </summary>
public sealed class SanctionSweeper(IServiceScopeFactory scopes, TimeProvider clock, DatabaseOutage outage, ILogger<SanctionSweeper> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await SweepAsync(stoppingToken); }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Sweeping expired bans and timeouts failed"); }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.RoomSanctions.Where(s => s.ExpiresAt != null && s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }
}
