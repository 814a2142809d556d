using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Messages;

namespace Parley.Server.Polls;

/// <summary>Voting in a poll and closing it (a poll is created with its message: POST /api/rooms/{id}/messages with poll).</summary>
public static class PollsApi
{
    public static void MapPolls(this IEndpointRouteBuilder app)
    {
        var poll = app.MapGroup("/api/messages/{id:guid}/poll").WithTags("Polls").RequireAuthorization()
            .AddEndpointFilter<MessagesApi.SendRateLimit>();
        poll.MapPut("/votes", Vote).WithName("VotePoll")
            .WithSummary("Sets your whole choice in the poll: { options: [optionId…] } (empty takes your vote back); 409 poll_closed once closed.");
        poll.MapPost("/close", Close).WithName("ClosePoll")
            .WithSummary("Closes the poll for good (its author, or ClosePolls in the room: moderators).");
    }

    private static async Task<Ok<PollChangedEvent>> Vote(Guid id, VotePollRequest req, HttpContext http, PollService polls, CancellationToken ct) =>
        TypedResults.Ok(await polls.VoteAsync(http.User.UserId(), id, req, ct));

    private static async Task<Ok<PollChangedEvent>> Close(Guid id, HttpContext http, PollService polls, CancellationToken ct) =>
        TypedResults.Ok(await polls.CloseAsync(http.User.UserId(), id, ct));
}
