using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Files;

namespace Parley.Server.Previews;

/// <summary>
/// One row per URL: fetched at most once per <see cref="PreviewsOptions.CacheHours"/>, whoever links it and however
/// often; a failure is remembered as long. The page's image is fetched with the same guard and kept beside it.
/// </summary>
public sealed class PreviewCache(IServiceScopeFactory scopes, SafeFetcher fetcher, IOptions<PreviewsOptions> options, TimeProvider clock,
    ILogger<PreviewCache> log)
{
    /// <summary>Image types browsers show and we serve; checked on the bytes, whatever the site claimed (SVG can carry script).</summary>
    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"];

    /// <summary>The preview of a URL, or null when it has none (failed, not HTML, nothing to show).</summary>
    public async Task<LinkPreview?> GetAsync(string url, CancellationToken ct)
    {
        var hash = MessageLinks.Hash(url);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var row = await db.LinkPreviews.FirstOrDefaultAsync(p => p.UrlHash == hash, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (row is not null && row.FetchedAt > now.AddHours(-options.Value.CacheHours)) return row.Failed ? null : row;

        var (page, image) = await FetchAsync(url, ct);
        var isNew = row is null;
        row ??= new LinkPreview { Id = Guid.CreateVersion7(), UrlHash = hash, Url = url };
        row.Failed = page is null;
        row.Title = page?.Title;
        row.Description = page?.Description;
        row.SiteName = page?.SiteName;
        row.ImageUrl = page?.ImageUrl;
        row.HasImage = image is not null;
        row.FetchedAt = now;
        if (isNew) db.LinkPreviews.Add(row);
        else await db.LinkPreviewImages.Where(i => i.PreviewId == row.Id).ExecuteDeleteAsync(ct);
        if (image is not null) db.LinkPreviewImages.Add(new LinkPreviewImage { PreviewId = row.Id, ContentType = image.Value.Type, Content = image.Value.Bytes });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (isNew && DbErrors.IsUniqueViolation(e))
        {
            // Another job fetched the same URL at the same time: theirs is as good.
            db.ChangeTracker.Clear();
            var theirs = await db.LinkPreviews.AsNoTracking().FirstAsync(p => p.UrlHash == hash, ct);
            return theirs.Failed ? null : theirs;
        }
        return row.Failed ? null : row;
    }

    private async Task<(PageMetadata? Page, (string Type, byte[] Bytes)? Image)> FetchAsync(string url, CancellationToken ct)
    {
        var fetched = await fetcher.FetchPageAsync(url, ct);
        if (fetched.Body is null)
        {
            log.LogInformation("No preview for {Url}: {Refusal}", url, fetched.Refusal);
            return (null, null);
        }
        var page = PageMetadata.Parse(fetched.Body);
        if (!page.IsUseful) return (null, null);
        if (page.ImageUrl is null) return (page, null);
        var image = await fetcher.FetchImageAsync(page.ImageUrl, ct);
        if (image.Body is null) return (page, null);
        var type = ContentSniffer.Detect(image.Body.Content.AsSpan(0, Math.Min(image.Body.Content.Length, ContentSniffer.HeadBytes)), image.Body.MediaType);
        return ImageTypes.Contains(type) ? (page, (type, image.Body.Content)) : (page, null);
    }
}
