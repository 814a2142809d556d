using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Files;

namespace Parley.Server.Previews;

public static class PreviewsApi
{
    public static void MapPreviews(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Previews").RequireAuthorization();
        api.MapDelete("/messages/{id:guid}/previews", Remove).WithName("RemovePreviews")
            .WithSummary("The sender hides their message's link previews (MessagePreviews with an empty list).");
        api.MapGet("/previews/{id:guid}/image", Image).WithName("GetPreviewImage")
            .WithSummary("A preview's image, fetched by the server; for readers of a message showing it.");
    }

    private static async Task<Ok<MessagePreviewsEvent>> Remove(Guid id, HttpContext http, PreviewService previews, CancellationToken ct) =>
        TypedResults.Ok(await previews.RemoveAsync(http.User.UserId(), id, ct));

    private static async Task<FileContentHttpResult> Image(Guid id, HttpContext http, PreviewService previews, CancellationToken ct)
    {
        var image = await previews.RequireImageAsync(http.User.UserId(), id, ct);
        var h = http.Response.Headers;
        h.ContentSecurityPolicy = FilesApi.FileContentSecurityPolicy;
        h["Cross-Origin-Resource-Policy"] = "same-origin";
        // A refetch may change the image behind the same id: kept an hour, in the reader's browser only.
        h.CacheControl = "private, max-age=3600";
        return TypedResults.File(image.Content, image.ContentType);
    }
}
