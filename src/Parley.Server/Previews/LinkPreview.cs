namespace Parley.Server.Previews;

/// <summary>
/// What one URL showed when last fetched, shared by every message linking to it (the cache: one fetch per URL per
/// <see cref="PreviewsOptions.CacheHours"/>). A failed fetch is remembered too, so a dead link isn't fetched per message.
/// </summary>
public sealed class LinkPreview
{
    public Guid Id { get; set; }
    /// <summary>SHA-256 (hex) of the URL: the lookup key, of fixed length whatever the URL.</summary>
    public string UrlHash { get; set; } = "";
    public string Url { get; set; } = "";
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? SiteName { get; set; }
    /// <summary>Where the page said its image was (og:image); the bytes, if fetched, are in <see cref="LinkPreviewImage"/>.</summary>
    public string? ImageUrl { get; set; }
    public bool HasImage { get; set; }
    public DateTime FetchedAt { get; set; }
    public bool Failed { get; set; }
}

/// <summary>
/// The preview's image, fetched by the server and served from /api/previews/{id}/image: the page's own image URL is
/// never given to browsers (the CSP allows only our origin, and it would tell the linked site who reads the room).
/// </summary>
public sealed class LinkPreviewImage
{
    public Guid PreviewId { get; set; }
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
}

/// <summary>One preview a message shows, in the order its links appear.</summary>
public sealed class MessagePreview
{
    public Guid MessageId { get; set; }
    public Guid PreviewId { get; set; }
    public int Position { get; set; }
}
