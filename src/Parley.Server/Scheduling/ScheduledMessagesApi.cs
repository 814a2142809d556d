using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Messages;

namespace Parley.Server.Scheduling;

/// <summary>Schedule a message for later; list, edit and cancel one's own scheduled messages.</summary>
public static class ScheduledMessagesApi
{
    public static void MapScheduledMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rooms/{roomId:guid}/scheduled", Create).WithTags("Scheduled").RequireAuthorization()
            .AddEndpointFilter<MessagesApi.SendRateLimit>().WithName("ScheduleMessage")
            .WithSummary("Schedules a text message to be sent at sendAt (at most a year ahead) as you; needs what a send needs.");
        var mine = app.MapGroup("/api/scheduled").WithTags("Scheduled").RequireAuthorization();
        mine.MapGet("/", List).WithName("ListScheduled")
            .WithSummary("Your scheduled messages not yet sent (pending first by time due, then failed ones); ?roomId= one conversation's.");
        mine.MapPatch("/{id:guid}", Edit).AddEndpointFilter<MessagesApi.SendRateLimit>().WithName("EditScheduled")
            .WithSummary("New text and/or time while not sent (409 already_sent after); a failed one is scheduled again.");
        mine.MapDelete("/{id:guid}", Cancel).WithName("CancelScheduled")
            .WithSummary("Cancels a pending one or dismisses a failed one (409 already_sent once sent).");
    }

    private static async Task<Created<ScheduledMessageDto>> Create(Guid roomId, ScheduleMessageRequest req, HttpContext http,
        ScheduledMessageService scheduled, CancellationToken ct)
    {
        var dto = await scheduled.CreateAsync(http.User.UserId(), roomId, req, ct);
        return TypedResults.Created($"/api/scheduled/{dto.Id}", dto);
    }

    private static async Task<Ok<List<ScheduledMessageDto>>> List(Guid? roomId, HttpContext http, ScheduledMessageService scheduled, CancellationToken ct) =>
        TypedResults.Ok(await scheduled.ListAsync(http.User.UserId(), roomId, ct));

    private static async Task<Ok<ScheduledMessageDto>> Edit(Guid id, EditScheduledRequest req, HttpContext http, ScheduledMessageService scheduled,
        CancellationToken ct) =>
        TypedResults.Ok(await scheduled.EditAsync(http.User.UserId(), id, req, ct));

    private static async Task<NoContent> Cancel(Guid id, HttpContext http, ScheduledMessageService scheduled, CancellationToken ct)
    {
        await scheduled.CancelAsync(http.User.UserId(), id, ct);
        return TypedResults.NoContent();
    }
}
