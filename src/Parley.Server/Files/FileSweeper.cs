using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;

namespace Parley.Server.Files;

/// <summary>
/// Removes what nothing points at any more: uploads never posted (after Parley:Files:UnpostedHours), then content
/// no file row refers to (after the grace period), then stale temporary files. Each blob's row is deleted first,
/// under the condition that it is still unreferenced, and its content only if that delete happened.
/// </summary>
public sealed class FileSweeper(IServiceScopeFactory scopes, IFileStore store, IOptions<FilesOptions> options, TimeProvider clock, ILogger<FileSweeper> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await SweepAsync(stoppingToken); }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { log.LogWarning(e, "File sweep failed; trying again later"); }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();

        var unpostedBefore = now.AddHours(-o.UnpostedHours);
        var expired = await db.Files
            .Where(f => f.Purpose == FilePurpose.Attachment && f.MessageId == null && f.CreatedAt < unpostedBefore)
            .ExecuteDeleteAsync(ct);

        var graceBefore = now.AddSeconds(-o.OrphanGraceSeconds);
        var candidates = await db.FileBlobs.AsNoTracking()
            .Where(b => b.TouchedAt <= graceBefore
                && !db.Files.Any(f => f.Sha256 == b.Sha256) && !db.Files.Any(f => f.ThumbnailSha256 == b.Sha256))
            .OrderBy(b => b.TouchedAt).Select(b => b.Sha256).Take(1000).ToListAsync(ct);
        var removed = 0;
        foreach (var sha in candidates)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var gone = await db.FileBlobs
                .Where(b => b.Sha256 == sha && b.TouchedAt <= graceBefore
                    && !db.Files.Any(f => f.Sha256 == sha) && !db.Files.Any(f => f.ThumbnailSha256 == sha))
                .ExecuteDeleteAsync(ct);
            // The content goes while the row's delete is still uncommitted: an upload of the same bytes waits on it,
            // then writes the content anew.
            if (gone == 1) await store.DeleteAsync(sha, ct);
            await tx.CommitAsync(ct);
            removed += gone;
        }

        foreach (var temp in Directory.EnumerateFiles(store.TempFolder, "*.part"))
            if (File.GetLastWriteTimeUtc(temp) < now.AddDays(-1)) File.Delete(temp);

        if (expired + removed > 0) log.LogInformation("File sweep: {Expired} unposted uploads expired, {Removed} stored contents removed", expired, removed);
        return removed;
    }
}
