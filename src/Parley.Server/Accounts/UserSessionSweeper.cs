using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>
/// Deletes session rows 30 days after they ended or expired (every node runs it; deleting twice is harmless). The list
/// hides them already; this only keeps the table small.
/// </summary>
public sealed class UserSessionSweeper(IServiceScopeFactory scopes, IOptions<AuthOptions> auth, TimeProvider clock, DatabaseOutage outage,
    ILogger<UserSessionSweeper> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromHours(1), KeptFor = TimeSpan.FromDays(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await SweepAsync(stoppingToken); }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Sweeping old sessions failed"); }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var cutoff = clock.GetUtcNow().UtcDateTime - KeptFor;
        var expired = cutoff.AddDays(-auth.Value.RefreshTokenDays);
        return await db.UserSessions.Where(s => s.EndedAt < cutoff || s.LastActiveAt < expired).ExecuteDeleteAsync(ct);
    }
}
