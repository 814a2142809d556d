namespace Parley.Server.Files;

/// <summary>
/// One upload as people see it: a name, a detected type and the content it points at by hash. Several uploads of
/// the same bytes share one <see cref="FileBlob"/>. Deleting the row (message deleted, avatar replaced, never posted)
/// leaves the blob to <see cref="FileSweeper"/>, which removes it from storage once nothing points at it.
/// </summary>
public sealed class StoredFile
{
    /// <summary>Random (v4), so ids can't be guessed from neighbours; access is still checked on every request.</summary>
    public Guid Id { get; set; }
    public Guid UploaderId { get; set; }
    public FilePurpose Purpose { get; set; }
    /// <summary>Display name, sanitized (no path, controls or direction overrides).</summary>
    public string Name { get; set; } = "";
    /// <summary>Detected from the bytes, never taken from the client.</summary>
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public int? Width { get; set; }
    public int? Height { get; set; }
    public int? DurationMs { get; set; }
    /// <summary>A voice message recorded in the client (audio only), shown as a voice player rather than a file.</summary>
    public bool IsVoice { get; set; }
    public string? ThumbnailSha256 { get; set; }
    public string? ThumbnailContentType { get; set; }
    /// <summary>The message it was posted with (attachments), or the room whose icon it is.</summary>
    public Guid? MessageId { get; set; }
    public Guid? RoomId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum FilePurpose
{
    /// <summary>Uploaded to post in a conversation; unposted ones expire.</summary>
    Attachment = 0,
    /// <summary>A user's picture: anyone signed in may see it.</summary>
    Avatar = 1,
    /// <summary>A room's icon: whoever may read the room may see it.</summary>
    RoomIcon = 2,
}

/// <summary>Stored content, by SHA-256. <see cref="TouchedAt"/> protects a blob that an upload is about to point at.</summary>
public sealed class FileBlob
{
    public string Sha256 { get; set; } = "";
    public long Size { get; set; }
    public DateTime TouchedAt { get; set; }
}
