using Microsoft.Extensions.Options;

namespace Parley.Server.Files;

/// <summary>Content under Parley:Files:Path (data/files), as ab/cd/abcd….; temp files beside it so a rename is atomic.</summary>
public sealed class LocalFileStore : IFileStore
{
    private readonly string _root;

    public LocalFileStore(IOptions<FilesOptions> options)
    {
        _root = Path.GetFullPath(options.Value.Path);
        TempFolder = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(TempFolder);
    }

    public string TempFolder { get; }

    public string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower)) throw new ArgumentException("Not a SHA-256 in lower-case hex.", nameof(sha256));
        return Path.Combine(_root, sha256[..2], sha256[2..4], sha256);
    }

    public Task PutAsync(string sha256, string tempPath, string contentType, CancellationToken ct = default)
    {
        var path = PathOf(sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try { File.Move(tempPath, path, overwrite: false); }
        catch (IOException) when (File.Exists(path)) { File.Delete(tempPath); } // same bytes already stored
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct = default)
    {
        try
        {
            return Task.FromResult<Stream?>(new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                bufferSize: 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(string sha256, CancellationToken ct = default) => Task.FromResult(File.Exists(PathOf(sha256)));

    public Task DeleteAsync(string sha256, CancellationToken ct = default)
    {
        File.Delete(PathOf(sha256));
        return Task.CompletedTask;
    }
}
