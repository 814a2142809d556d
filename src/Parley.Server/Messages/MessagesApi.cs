using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Events;
using Parley.Server.Infrastructure;

namespace Parley.Server.Messages;

/// <summary>History and catch-up for everyone; sending and changing messages over REST for bots and scripts.</summary>
public static class MessagesApi
{
    public static void MapMessages(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/rooms/{roomId:guid}").WithTags("Messages").RequireAuthorization();
        rooms.MapGet("/messages", History).WithName("GetHistory")
            .WithSummary("Keyset pages by seq: ?before=seq (older), ?after=seq (catch-up), or the latest page; ?thread=rootId pages a thread.");
        rooms.MapGet("/changes", Changes).WithName("GetChanges")
            .WithSummary("Every message changed after a rev (new, edited, deleted, reactions), in rev order.");
        rooms.MapPost("/messages", Send).WithName("SendMessage").AddEndpointFilter<SendRateLimit>();
        rooms.MapPost("/read", MarkRead).WithName("MarkRead");
        rooms.MapGet("/messages/at", At).WithName("GetHistoryAround")
            .WithSummary("The page around the first message at or after ?time=<ISO 8601> (jump to date) or ?seq= (first unread).");

        var messages = app.MapGroup("/api/messages/{id:guid}").WithTags("Messages").RequireAuthorization().AddEndpointFilter<SendRateLimit>();
        messages.MapPatch("/", Edit).WithName("EditMessage");
        messages.MapDelete("/", Delete).WithName("DeleteMessage");
        messages.MapPost("/reactions", React).WithName("ToggleReaction");
        app.MapGet("/api/messages/{id:guid}/versions", Versions).WithTags("Messages").RequireAuthorization().WithName("GetMessageVersions")
            .WithSummary("Every text an edited message has had, oldest first, the current one last; 404 for those who can't read it.");
    }

    private static async Task<Ok<MessagePage>> History(Guid roomId, long? before, long? after, int? limit, Guid? thread,
        HttpContext http, MessageService messages, CancellationToken ct) =>
        TypedResults.Ok(await messages.PageAsync(http.User.UserId(), roomId, before, after, limit, ct, thread));

    private static async Task<Ok<ChangesPage>> Changes(Guid roomId, long? sinceRev, int? limit,
        HttpContext http, MessageService messages, CancellationToken ct) =>
        TypedResults.Ok(await messages.ChangesAsync(http.User.UserId(), roomId, sinceRev ?? 0, limit, ct));

    private static async Task<Results<Created<MessageDto>, Ok<MessageDto>>> Send(Guid roomId, SendMessageRequest req,
        HttpContext http, MessageService messages, CancellationToken ct)
    {
        var (message, created) = await messages.SendAsync(http.User.UserId(), roomId, req, ct);
        return created ? TypedResults.Created($"/api/messages/{message.Id}", message) : TypedResults.Ok(message);
    }

    private static async Task<Ok<ReadEvent>> MarkRead(Guid roomId, MarkReadRequest req, HttpContext http, MessageService messages, CancellationToken ct) =>
        TypedResults.Ok(await messages.MarkReadAsync(http.User.UserId(), roomId, req.Seq, ct));

    private static async Task<Ok<MessageDto>> Edit(Guid id, EditMessageRequest req, HttpContext http, MessageService messages, CancellationToken ct) =>
        TypedResults.Ok(await messages.EditAsync(http.User.UserId(), id, req, ct));

    private static async Task<Ok<MessageDto>> Delete(Guid id, HttpContext http, MessageService messages, CancellationToken ct) =>
        TypedResults.Ok(await messages.DeleteAsync(http.User.UserId(), id, ct));

    private static async Task<Ok<ReactionsChangedEvent>> React(Guid id, ToggleReactionRequest req, HttpContext http, MessageService messages, CancellationToken ct) =>
        TypedResults.Ok(await messages.ToggleReactionAsync(http.User.UserId(), id, req.Emoji, ct));

    private static async Task<Ok<AroundPage>> At(Guid roomId, DateTimeOffset? time, long? seq, int? limit, HttpContext http, HistoryAround around,
        CancellationToken ct) =>
        TypedResults.Ok(await around.AtAsync(http.User.UserId(), roomId, time, seq, limit, ct));

    private static async Task<Ok<List<MessageVersionDto>>> Versions(Guid id, HttpContext http, MessageVersions versions, CancellationToken ct) =>
        TypedResults.Ok(await versions.ListAsync(http.User.UserId(), id, ct));

    /// <summary>The same per-user bucket the hub filter uses (scheduling a message takes from it too).</summary>
    internal sealed class SendRateLimit(SendLimiter limiter) : IEndpointFilter
    {
        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
        {
            limiter.Acquire(ctx.HttpContext.User.UserId());
            return next(ctx);
        }
    }
}
