using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Files;

/// <summary>
/// Receives one upload: the multipart body is streamed to a temporary file (never held in memory) while it is
/// counted and hashed; the type is read from the bytes; photos lose their metadata; then the content goes to the
/// store under its hash and a row records it. Over a limit: 413 and nothing kept, no temporary file, no row.
/// </summary>
public sealed class FileIntake(ParleyDb db, IFileStore store, IOptions<FilesOptions> options, TimeProvider clock,
    Administration.ServerSettingsStore serverSettings)
{
    private const int FieldLimit = 64;
    private const int HeadersLimit = 16 * 1024;
    private readonly List<string> _temps = [];

    /// <param name="HasMarkup">Markup a browser would run was seen somewhere in the bytes (<see cref="MarkupScanner"/>).</param>
    private sealed record Spooled(string Path, long Size, byte[] Head, string Sha256, string? ClaimedType, string? FileName, bool HasMarkup);

    /// <summary>Form parts: <c>file</c> (required), <c>thumbnail</c> (an image made by the client), <c>width</c>, <c>height</c>, <c>durationMs</c> (video and audio).</summary>
    public async Task<StoredFile> ReceiveAsync(HttpRequest request, Guid uploaderId, FilePurpose purpose, CancellationToken ct)
    {
        var o = options.Value;
        // The run-time limit (server settings; Parley:Files:MaxFileBytes until an admin sets one).
        var maxFile = (await serverSettings.GetAsync(ct)).MaxUploadBytes;
        var max = purpose == FilePurpose.Attachment ? maxFile : Math.Min(maxFile, o.MaxAvatarBytes);
        var slack = o.MaxThumbnailBytes + 64 * 1024L;
        var boundary = Boundary(request);
        if (request.ContentLength > max + slack) throw TooLarge(max);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = max + slack;
        var used = await db.Files.Where(f => f.UploaderId == uploaderId).SumAsync(f => (long?)f.Size, ct) ?? 0;
        if (used + Math.Max(0, (request.ContentLength ?? 0) - slack) > o.QuotaBytesPerUser) throw OverQuota(used);

        Spooled? file = null, thumb = null;
        var fields = new Dictionary<string, int>();
        try
        {
            try
            {
                var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = HeadersLimit, BodyLengthLimit = max + slack };
                while (await reader.ReadNextSectionAsync(ct) is { } section)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd)) continue;
                    var name = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? "";
                    if (name == "file" && file is null && cd.IsFileDisposition())
                        file = await SpoolAsync(section, max, "file", HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value, ct);
                    else if (name == "thumbnail" && thumb is null && cd.IsFileDisposition())
                        thumb = await SpoolAsync(section, o.MaxThumbnailBytes, "thumbnail", null, ct);
                    else if (name is "width" or "height" or "durationMs" or "voice")
                        fields[name] = await ReadNumberAsync(section, name, ct);
                    else throw ParleyError.Invalid(name.Length is > 0 and <= 40 ? name : "form", $"Unexpected form part '{name}'. Send file, thumbnail, width, height, durationMs, voice.");
                }
            }
            catch (BadHttpRequestException e) when (e.StatusCode == 413) { throw TooLarge(max); }
            // The reader says "Multipart body length limit … exceeded" of the body, "Line length limit" or "Multipart
            // headers length limit" of a part's headers: only the first is a file too large.
            catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase)) { throw TooLarge(max); }
            catch (InvalidDataException e) when (e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
            {
                throw ParleyError.Invalid("file", $"A part's headers are too long ({HeadersLimit / 1024} KB at most).");
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                throw ParleyError.Invalid("file", "The upload was cut short or is not valid multipart/form-data.");
            }
            if (file is null) throw ParleyError.Invalid("file", "The form has no part named file.");
            if (used + file.Size > o.QuotaBytesPerUser) throw OverQuota(used);
            return await StoreAsync(uploaderId, purpose, file, thumb, fields, ct);
        }
        finally
        {
            // Whatever went wrong, no temporary file stays behind (a stored one has been moved away already).
            foreach (var temp in _temps) File.Delete(temp);
        }
    }

    private async Task<StoredFile> StoreAsync(Guid uploaderId, FilePurpose purpose, Spooled file, Spooled? thumb, Dictionary<string, int> fields, CancellationToken ct)
    {
        var type = ContentSniffer.Detect(file.Head, file.ClaimedType);
        if (purpose != FilePurpose.Attachment && !PhotoCleaner.Handles(type))
            throw ParleyError.Invalid("file", "A picture must be a PNG, JPEG, WebP or GIF image.");
        int? width = null, height = null, duration = null;
        (file, type, var size) = Clean(file, type);
        if (ContentSniffer.IsInlineSafe(type) && Suspicious(file, type)) (type, size) = ("application/octet-stream", null);
        if (size is { } s) (width, height) = (s.Width, s.Height);
        else if (purpose != FilePurpose.Attachment) throw ParleyError.Invalid("file", "The picture could not be read or has too many pixels.");
        var kind = ContentSniffer.Kind(type);
        if (kind == "video")
        {
            width = Dimension(fields, "width");
            height = Dimension(fields, "height");
        }
        if (kind is "video" or "audio" && fields.TryGetValue("durationMs", out var d))
            duration = d is >= 0 and <= 24 * 3600 * 1000 ? d : throw ParleyError.Invalid("durationMs", "durationMs must be 0 to 86,400,000.");
        var voice = fields.TryGetValue("voice", out var v)
            ? v is 0 or 1 ? v == 1 && kind == "audio" : throw ParleyError.Invalid("voice", "voice must be 1 (a recorded voice message) or 0.")
            : false;

        string? thumbSha = null, thumbType = null;
        if (thumb is not null && kind is "image" or "video")
        {
            var t = ContentSniffer.Detect(thumb.Head, thumb.ClaimedType);
            if (t is not ("image/png" or "image/jpeg" or "image/webp")) throw ParleyError.Invalid("thumbnail", "The thumbnail must be a PNG, JPEG or WebP image.");
            (thumb, t, var thumbSize) = Clean(thumb, t);
            if (thumbSize is null || Suspicious(thumb, t)) throw ParleyError.Invalid("thumbnail", "The thumbnail could not be read.");
            await KeepAsync(thumb, t, ct);
            (thumbSha, thumbType) = (thumb.Sha256, t);
        }
        await KeepAsync(file, type, ct);

        var row = new StoredFile
        {
            Id = Guid.NewGuid(), UploaderId = uploaderId, Purpose = purpose, Name = FileNames.Clean(file.FileName),
            ContentType = type, Size = file.Size, Sha256 = file.Sha256, Width = width, Height = height, DurationMs = duration, IsVoice = voice,
            ThumbnailSha256 = thumbSha, ThumbnailContentType = thumbType, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Files.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>
    /// Served only as a download, whatever the bytes' type: markup anywhere in the upload (before cleaning, which may
    /// have dropped it: the upload was made to fool), or a declared type that says something else.
    /// </summary>
    private static bool Suspicious(Spooled file, string type) =>
        file.HasMarkup || ContentSniffer.DeclaredDisagrees(type, file.ClaimedType, file.FileName);

    /// <summary>
    /// A photo or video without its metadata (see <see cref="PhotoCleaner"/>, <see cref="IsoMediaCleaner"/>), with the
    /// image's size from its header. A broken photo, an AVIF whose size can't be read, or an image over the pixel
    /// limit becomes a plain file.
    /// </summary>
    private (Spooled File, string Type, PhotoCleaner.Result? Size) Clean(Spooled file, string type)
    {
        PhotoCleaner.Result? size;
        if (PhotoCleaner.Handles(type))
        {
            var cleanPath = TempPath();
            try
            {
                using (var input = new FileStream(file.Path, FileMode.Open, FileAccess.Read))
                using (var output = new FileStream(cleanPath, FileMode.CreateNew, FileAccess.ReadWrite))
                    size = PhotoCleaner.Clean(type, input, output);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentOutOfRangeException)
            {
                File.Delete(cleanPath);
                return (file, "application/octet-stream", null);
            }
            File.Delete(file.Path);
            file = file with { Path = cleanPath, Size = new FileInfo(cleanPath).Length, Sha256 = HashOf(cleanPath) };
        }
        else if (IsoMediaCleaner.Handles(type))
        {
            IsoMediaCleaner.Result found;
            using (var stream = new FileStream(file.Path, FileMode.Open, FileAccess.ReadWrite))
                found = IsoMediaCleaner.Clean(stream);
            if (found.Changed) file = file with { Sha256 = HashOf(file.Path) };
            size = found is { Width: { } w, Height: { } h } ? new(w, h) : null;
            if (size is null && type == "image/avif") return (file, "application/octet-stream", null);
        }
        else return (file, type, null);
        if (size is not null && ContentSniffer.Kind(type) == "image" && (long)size.Width * size.Height > options.Value.MaxImagePixels)
            return (file, "application/octet-stream", null);
        return (file, type, size);
    }

    /// <summary>
    /// Marks the content as wanted before it is stored: the sweeper never removes a blob touched within its grace
    /// period, and its delete and this upsert are serialized by the row, so the content can't vanish under us.
    /// </summary>
    private async Task KeepAsync(Spooled file, string contentType, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO file_blobs (sha256, size, touched_at) VALUES ({file.Sha256}, {file.Size}, {now}) ON CONFLICT (sha256) DO UPDATE SET touched_at = excluded.touched_at", ct);
        await store.PutAsync(file.Sha256, file.Path, contentType, ct);
    }

    private async Task<Spooled> SpoolAsync(MultipartSection section, long limit, string field, string? fileName, CancellationToken ct)
    {
        var path = TempPath();
        var head = new byte[ContentSniffer.HeadBytes];
        var headLength = 0;
        long size = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var markup = new MarkupScanner();
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            int n;
            while ((n = await section.Body.ReadAsync(buffer.AsMemory(0, 81920), ct)) > 0)
            {
                size += n;
                if (size > limit) throw field == "file" ? TooLarge(limit) : ParleyError.TooLarge(field, $"The {field} is too large: the limit is {Bytes(limit)}.");
                if (headLength < head.Length)
                {
                    var take = Math.Min(n, head.Length - headLength);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                }
                hash.AppendData(buffer, 0, n);
                markup.Append(buffer.AsSpan(0, n));
                await output.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new Spooled(path, size, head[..headLength], Convert.ToHexStringLower(hash.GetHashAndReset()), section.ContentType, fileName, markup.Found);
    }

    private static async Task<int> ReadNumberAsync(MultipartSection section, string name, CancellationToken ct)
    {
        var buffer = new byte[FieldLimit + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await section.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        var text = System.Text.Encoding.ASCII.GetString(buffer, 0, Math.Min(read, FieldLimit));
        return read <= FieldLimit && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw ParleyError.Invalid(name, $"{name} must be a whole number.");
    }

    private static int? Dimension(Dictionary<string, int> fields, string name) =>
        !fields.TryGetValue(name, out var v) ? null
        : v is >= 1 and <= 20_000 ? v
        : throw ParleyError.Invalid(name, $"{name} must be 1 to 20,000.");

    public static string Boundary(HttpRequest request)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(type.Boundary).Value is { Length: > 0 and <= 200 } boundary)
            return boundary;
        throw ParleyError.Invalid("file", "Send the file as multipart/form-data, in a part named file.");
    }

    private string TempPath()
    {
        var path = Path.Combine(store.TempFolder, Guid.NewGuid().ToString("N") + ".part");
        _temps.Add(path);
        return path;
    }

    private static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static ParleyError TooLarge(long max) => ParleyError.TooLarge("file", $"The file is too large: the limit is {Bytes(max)}.");

    private ParleyError OverQuota(long used) => ParleyError.TooLarge("file",
        $"Your uploads would exceed your quota of {Bytes(options.Value.QuotaBytesPerUser)} ({Bytes(used)} used). Delete some files first.");

    public static string Bytes(long n) =>
        n >= 1024 * 1024 * 1024 ? $"{n / (1024.0 * 1024 * 1024):0.#} GB"
        : n >= 1024 * 1024 ? $"{n / (1024.0 * 1024):0.#} MB"
        : n >= 1024 ? $"{n / 1024.0:0.#} KB"
        : $"{n} bytes";
}
