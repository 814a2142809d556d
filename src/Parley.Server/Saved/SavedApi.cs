using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;

namespace Parley.Server.Saved;

/// <summary>Save and unsave a message; the caller's saved list.</summary>
public static class SavedApi
{
    public static void MapSaved(this IEndpointRouteBuilder app)
    {
        var message = app.MapGroup("/api/messages/{id:guid}/save").WithTags("Saved").RequireAuthorization();
        message.MapPost("/", Save).WithName("SaveMessage").WithSummary("Saves the message to your private list (again: no change).");
        message.MapDelete("/", Unsave).WithName("UnsaveMessage");
        app.MapGet("/api/saved", List).WithTags("Saved").RequireAuthorization().WithName("ListSaved")
            .WithSummary("Your saved messages, newest saved first; page on with ?before=nextBefore. What you can no longer read is left out.");
    }

    private static async Task<Ok<SavedChangedEvent>> Save(Guid id, HttpContext http, SavedService saved, CancellationToken ct) =>
        TypedResults.Ok(await saved.SaveAsync(http.User.UserId(), id, ct));

    private static async Task<Ok<SavedChangedEvent>> Unsave(Guid id, HttpContext http, SavedService saved, CancellationToken ct) =>
        TypedResults.Ok(await saved.UnsaveAsync(http.User.UserId(), id, ct));

    private static async Task<Ok<SavedPage>> List(string? before, int? limit, HttpContext http, SavedService saved, CancellationToken ct) =>
        TypedResults.Ok(await saved.ListAsync(http.User.UserId(), before, limit, ct));
}
