namespace Parley.Server.Files;

/// <summary>A file as clients see it. Url and ThumbnailUrl need the same sign-in; access is checked on every request.</summary>
public sealed record FileDto(
    Guid Id,
    string Name,
    string ContentType,
    /// <summary>image, video, audio (shown inline) or file (download card).</summary>
    string Kind,
    long Size,
    int? Width,
    int? Height,
    int? DurationMs,
    string Url,
    string? ThumbnailUrl,
    bool Voice)
{
    public static FileDto From(StoredFile f) => new(
        f.Id, f.Name, f.ContentType, ContentSniffer.Kind(f.ContentType), f.Size, f.Width, f.Height, f.DurationMs,
        ContentUrl(f.Id), f.ThumbnailSha256 is null ? null : $"/api/files/{f.Id}/thumbnail", f.IsVoice);

    public static string ContentUrl(Guid id) => $"/api/files/{id}/content";
}
