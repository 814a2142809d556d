using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Messages;

namespace Parley.Server.Pins;

/// <summary>Pin and unpin a message; a room's pinned list.</summary>
public static class PinsApi
{
    public static void MapPins(this IEndpointRouteBuilder app)
    {
        var message = app.MapGroup("/api/messages/{id:guid}/pin").WithTags("Pins").RequireAuthorization();
        message.MapPost("/", Pin).WithName("PinMessage")
            .WithSummary("Pins the message in its room (PinMessages: moderators, or members where the room allows, everyone in DMs).");
        message.MapDelete("/", Unpin).WithName("UnpinMessage");
        app.MapGet("/api/rooms/{roomId:guid}/pins", List).WithTags("Pins").RequireAuthorization().WithName("ListPins")
            .WithSummary("The room's pinned messages, newest pin first (at most 100), each with pinned.pinnedBy and pinned.pinnedAt.");
    }

    private static async Task<Ok<MessagePinnedEvent>> Pin(Guid id, HttpContext http, PinService pins, CancellationToken ct) =>
        TypedResults.Ok(await pins.PinAsync(http.User.UserId(), id, ct));

    private static async Task<Ok<MessagePinnedEvent>> Unpin(Guid id, HttpContext http, PinService pins, CancellationToken ct) =>
        TypedResults.Ok(await pins.UnpinAsync(http.User.UserId(), id, ct));

    private static async Task<Ok<List<MessageDto>>> List(Guid roomId, HttpContext http, PinService pins, CancellationToken ct) =>
        TypedResults.Ok(await pins.ListAsync(http.User.UserId(), roomId, ct));
}
