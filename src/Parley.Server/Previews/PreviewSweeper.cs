using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;

namespace Parley.Server.Previews;

/// <summary>
/// Removes cached previews (and their images, up to 2 MiB each) that no message shows any more once they are stale
/// anyway: a link posted again later is fetched afresh. Hourly.
/// </summary>
public sealed class PreviewSweeper(IServiceScopeFactory scopes, IOptions<PreviewsOptions> options, TimeProvider clock, ILogger<PreviewSweeper> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await SweepAsync(stoppingToken); }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { log.LogWarning(e, "Preview sweep failed; trying again later"); }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var staleBefore = clock.GetUtcNow().UtcDateTime.AddHours(-options.Value.CacheHours);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        // The image goes with its row (cascade).
        var removed = await db.LinkPreviews
            .Where(p => p.FetchedAt < staleBefore && !db.MessagePreviews.Any(mp => mp.PreviewId == p.Id))
            .ExecuteDeleteAsync(ct);
        if (removed > 0) log.LogInformation("Preview sweep: {Removed} unused previews removed", removed);
        return removed;
    }
}
