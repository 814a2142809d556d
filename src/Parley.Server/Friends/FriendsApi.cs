using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Infrastructure;

namespace Parley.Server.Friends;

/// <summary>Friend requests and friends, over <see cref="FriendService"/>.</summary>
public static class FriendsApi
{
    public static void MapFriends(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/friends").WithTags("Friends").RequireAuthorization();
        api.MapGet("/", List).WithName("ListFriends");
        api.MapPost("/requests", Request).WithName("RequestFriend").RequireRateLimiting(RateLimits.FriendRequestPolicy)
            .WithSummary("Ask someone to be friends; if they already asked you, you are friends at once.");
        api.MapPost("/requests/{userId:guid}/accept", Accept).WithName("AcceptFriend");
        api.MapPost("/requests/{userId:guid}/decline", Decline).WithName("DeclineFriend");
        api.MapDelete("/requests/{userId:guid}", Cancel).WithName("CancelFriendRequest");
        api.MapDelete("/{userId:guid}", Remove).WithName("RemoveFriend");
    }

    private static async Task<Ok<FriendsList>> List(HttpContext http, FriendService friends, CancellationToken ct) =>
        TypedResults.Ok(await friends.ListAsync(http.User.UserId(), ct));

    private static async Task<Results<Created<FriendDto>, Ok<FriendDto>>> Request(FriendRequest req, HttpContext http, FriendService friends, CancellationToken ct)
    {
        var (friend, created) = await friends.RequestAsync(http.User.UserId(), req, ct);
        return created ? TypedResults.Created($"/api/friends/{friend.User.Id}", friend) : TypedResults.Ok(friend);
    }

    private static async Task<Ok<FriendDto>> Accept(Guid userId, HttpContext http, FriendService friends, CancellationToken ct) =>
        TypedResults.Ok(await friends.AcceptAsync(http.User.UserId(), userId, ct));

    private static async Task<NoContent> Decline(Guid userId, HttpContext http, FriendService friends, CancellationToken ct)
    {
        await friends.DeclineAsync(http.User.UserId(), userId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Cancel(Guid userId, HttpContext http, FriendService friends, CancellationToken ct)
    {
        await friends.CancelAsync(http.User.UserId(), userId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Remove(Guid userId, HttpContext http, FriendService friends, CancellationToken ct)
    {
        await friends.RemoveAsync(http.User.UserId(), userId, ct);
        return TypedResults.NoContent();
    }
}
