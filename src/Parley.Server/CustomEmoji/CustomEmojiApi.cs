using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Parley.Server.Accounts;
using Parley.Server.Files;
using Parley.Server.Infrastructure;

namespace Parley.Server.CustomEmoji;

/// <summary>GET /api/emoji (the list), POST (add), GET and DELETE /api/emoji/{name} (the image, remove).</summary>
public static class CustomEmojiApi
{
    public static void MapCustomEmoji(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/emoji").WithTags("Custom emoji").RequireAuthorization();
        api.MapGet("/", List).WithName("ListCustomEmoji")
            .WithSummary("Every custom emoji, by name (ETag: answer If-None-Match with 304 while the list is the same).");
        api.MapPost("/", Add).WithName("AddCustomEmoji").DisableAntiforgery().RequireRateLimiting(RateLimits.UploadPolicy)
            .WithSummary("Add one (multipart/form-data: name, and file: PNG, JPEG, WebP or GIF of at most 512 KiB); who may follows the server setting customEmoji.");
        api.MapGet("/{name}", Image).WithName("GetCustomEmojiImage")
            .WithSummary("The emoji's image (PNG, at most 128×128); kept for good when asked with its url's ?v=.");
        api.MapDelete("/{name}", Remove).WithName("RemoveCustomEmoji").WithSummary("Its creator, or admins.");
    }

    private static async Task<IResult> List(HttpContext http, CustomEmojiService emoji, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(await emoji.ListAsync(ct), JsonSerializerOptions.Web);
        var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..EmojiImages.VersionLength]}\"");
        // Small and asked at every connect: the browser keeps it and asks again with its ETag.
        http.Response.Headers.CacheControl = "private, no-cache";
        return TypedResults.Bytes(body, "application/json", entityTag: tag);
    }

    private static async Task<Created<CustomEmojiDto>> Add(HttpContext http, CustomEmojiService emoji, CancellationToken ct)
    {
        var me = http.User.UserId();
        await emoji.RequireMayAddAsync(me, ct); // before a single byte is taken
        var form = await EmojiUploadForm.ReadAsync(http.Request, ct);
        var added = await emoji.AddAsync(me, form.Name, form.File, ct);
        return TypedResults.Created($"/api/emoji/{added.Name}", added);
    }

    private static async Task<IResult> Image(string name, string? v, HttpContext http, CustomEmojiService emoji, CancellationToken ct)
    {
        var image = (EmojiNames.IsValid(name) ? await emoji.ImageAsync(name, ct) : null) ?? throw ParleyError.NotFound("Emoji");
        var h = http.Response.Headers;
        h.ContentSecurityPolicy = FilesApi.FileContentSecurityPolicy;
        h["Cross-Origin-Resource-Policy"] = "same-origin";
        // The url's ?v= names these very bytes: kept for good. Without it (or an old one), the name may get another
        // picture later: asked again each time, with the ETag.
        h.CacheControl = v == image.Version ? "private, max-age=31536000, immutable" : "private, no-cache";
        return TypedResults.File(image.Content, image.ContentType, lastModified: new DateTimeOffset(image.CreatedAt, TimeSpan.Zero),
            entityTag: new EntityTagHeaderValue($"\"{image.Version}\""));
    }

    private static async Task<NoContent> Remove(string name, HttpContext http, CustomEmojiService emoji, CancellationToken ct)
    {
        await emoji.RemoveAsync(http.User.UserId(), name, ct);
        return TypedResults.NoContent();
    }
}
