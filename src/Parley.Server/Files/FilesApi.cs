using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Files;

public static class FilesApi
{
    /// <summary>Served files may never run script or be framed, even when opened on their own.</summary>
    public const string FileContentSecurityPolicy = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox";

    /// <summary>A download is never shown by the browser's own image or media viewer, so it may load nothing at all.</summary>
    public const string DownloadContentSecurityPolicy = "default-src 'none'; sandbox";

    public static void MapFiles(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/files").WithTags("Files").RequireAuthorization();
        files.MapPost("/", Upload).WithName("UploadFile").DisableAntiforgery().RequireRateLimiting(RateLimits.UploadPolicy)
            .WithSummary("Upload one file (multipart/form-data: file, optional thumbnail, width, height, durationMs); post it with SendMessage fileIds.");
        files.MapGet("/{id:guid}", Get).WithName("GetFile");
        files.MapGet("/{id:guid}/content", Content).WithName("GetFileContent").WithSummary("The bytes; ?download=true forces a download.");
        files.MapGet("/{id:guid}/thumbnail", Thumbnail).WithName("GetFileThumbnail");
        files.MapDelete("/{id:guid}", DeleteUnposted).WithName("DeleteFile").WithSummary("Remove one's own upload that was not posted yet.");
    }

    private static async Task<Created<FileDto>> Upload(HttpContext http, FileIntake intake, CancellationToken ct)
    {
        var file = await intake.ReceiveAsync(http.Request, http.User.UserId(), FilePurpose.Attachment, ct);
        return TypedResults.Created($"/api/files/{file.Id}", FileDto.From(file));
    }

    private static async Task<Ok<FileDto>> Get(Guid id, HttpContext http, FileAuthorization access, CancellationToken ct) =>
        TypedResults.Ok(FileDto.From(await access.RequireReadableAsync(http.User.UserId(), id, ct)));

    private static async Task<IResult> Content(Guid id, bool? download, HttpContext http, FileAuthorization access, IFileStore store, CancellationToken ct)
    {
        var file = await access.RequireReadableAsync(http.User.UserId(), id, ct);
        var inline = download != true && ContentSniffer.IsInlineSafe(file.ContentType);
        return await ServeAsync(http, store, file.Sha256, file.ContentType, file.Name, inline, file.CreatedAt, ct);
    }

    private static async Task<IResult> Thumbnail(Guid id, HttpContext http, FileAuthorization access, IFileStore store, CancellationToken ct)
    {
        var file = await access.RequireReadableAsync(http.User.UserId(), id, ct);
        if (file.ThumbnailSha256 is null || file.ThumbnailContentType is null) throw ParleyError.NotFound("Thumbnail");
        return await ServeAsync(http, store, file.ThumbnailSha256, file.ThumbnailContentType, "thumbnail", true, file.CreatedAt, ct);
    }

    /// <summary>
    /// The content with its detected type; inline only for image, audio and video types a browser plays itself,
    /// otherwise as a download. Ranges (seeking in audio and video), ETag and If-None-Match are handled.
    /// </summary>
    public static async Task<IResult> ServeAsync(HttpContext http, IFileStore store, string sha256, string contentType, string name, bool inline,
        DateTime createdAt, CancellationToken ct)
    {
        var stream = await store.OpenReadAsync(sha256, ct);
        if (stream is null)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FilesApi))
                .LogError("Stored content {Sha256} is missing", sha256);
            throw ParleyError.NotFound("File");
        }
        var h = http.Response.Headers;
        h.ContentDisposition = FileNames.ContentDisposition(name, inline);
        h.ContentSecurityPolicy = inline ? FileContentSecurityPolicy : DownloadContentSecurityPolicy;
        h["Cross-Origin-Resource-Policy"] = "same-origin";
        // A file id always names the same bytes; access may end, so only the user's own browser keeps a copy.
        h.CacheControl = "private, max-age=31536000, immutable";
        return TypedResults.Stream(stream, inline ? contentType : "application/octet-stream", lastModified: new DateTimeOffset(createdAt, TimeSpan.Zero),
            entityTag: new EntityTagHeaderValue($"\"{sha256}\""), enableRangeProcessing: true);
    }

    private static async Task<NoContent> DeleteUnposted(Guid id, HttpContext http, ParleyDb db, CancellationToken ct)
    {
        var me = http.User.UserId();
        var file = await db.Files.FirstOrDefaultAsync(f => f.Id == id && f.UploaderId == me && f.Purpose == FilePurpose.Attachment, ct)
            ?? throw ParleyError.NotFound("File");
        if (file.MessageId is not null) throw ParleyError.Conflict("id", "This file is part of a message; delete the message instead.");
        db.Files.Remove(file);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
