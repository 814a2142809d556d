namespace Parley.Server.Files;

/// <summary>
/// Where file content lives, addressed by its SHA-256 (lower-case hex). Writes are atomic: content is either
/// complete under its hash or absent. Local disk by default; S3-compatible storage as an option.
/// </summary>
public interface IFileStore
{
    /// <summary>Moves a finished temporary file into place under its hash; a no-op if that content is already stored.</summary>
    Task PutAsync(string sha256, string tempPath, string contentType, CancellationToken ct = default);

    /// <summary>A seekable stream over the content (for range requests), or null if it isn't stored.</summary>
    Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct = default);

    Task<bool> ExistsAsync(string sha256, CancellationToken ct = default);

    Task DeleteAsync(string sha256, CancellationToken ct = default);

    /// <summary>A folder for temporary files of uploads in progress, on the same disk as the store where that matters.</summary>
    string TempFolder { get; }
}
