using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Accounts;
using Parley.Server.Data;

namespace Parley.Server.Presence;

/// <summary>
/// Clears custom statuses whose time is up and tells everyone who sees the person (UserUpdated). Readers already
/// hide an expired status; this makes the change reach open clients and the stored row.
/// </summary>
public sealed class StatusExpirySweeper(IServiceScopeFactory scopes, IOptions<PresenceOptions> options, TimeProvider clock,
    Data.DatabaseOutage outage, ILogger<StatusExpirySweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.StatusSweepSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await SweepAsync(stoppingToken); }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Clearing expired statuses failed"); }
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var profiles = scope.ServiceProvider.GetRequiredService<ProfileService>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Users.Where(u => u.StatusExpiresAt != null && u.StatusExpiresAt <= now)
            .OrderBy(u => u.StatusExpiresAt).Take(500).ToListAsync(ct);
        foreach (var user in due)
        {
            var before = UserDto.From(user) with { StatusText = user.StatusText, StatusExpiresAt = user.StatusExpiresAt };
            user.StatusText = "";
            user.StatusExpiresAt = null;
            await db.SaveChangesAsync(ct);
            await profiles.AnnounceIfChangedAsync(before, user, ct);
        }
    }
}
