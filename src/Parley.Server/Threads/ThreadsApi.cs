using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;

namespace Parley.Server.Threads;

/// <summary>Threads you follow, one thread's root and your state in it, follow/unfollow and read positions.</summary>
public static class ThreadsApi
{
    public static void MapThreads(this IEndpointRouteBuilder app)
    {
        var threads = app.MapGroup("/api/threads").WithTags("Threads").RequireAuthorization();
        threads.MapGet("/", List).WithName("ListThreads")
            .WithSummary("Threads you follow, latest activity first, with unread and mention counts; page on with ?before=nextBefore.");
        threads.MapGet("/{rootId:guid}", Get).WithName("GetThread");
        threads.MapPut("/{rootId:guid}/follow", Follow).WithName("FollowThread");
        threads.MapDelete("/{rootId:guid}/follow", Unfollow).WithName("UnfollowThread");
        threads.MapPost("/{rootId:guid}/read", MarkRead).WithName("MarkThreadRead");
    }

    private static async Task<Ok<FollowedThreadsPage>> List(string? before, int? limit, HttpContext http, ThreadService threads, CancellationToken ct) =>
        TypedResults.Ok(await threads.ListAsync(http.User.UserId(), before, limit, ct));

    private static async Task<Ok<ThreadDto>> Get(Guid rootId, HttpContext http, ThreadService threads, CancellationToken ct) =>
        TypedResults.Ok(await threads.GetAsync(http.User.UserId(), rootId, ct));

    private static async Task<Ok<ThreadStateDto>> Follow(Guid rootId, HttpContext http, ThreadService threads, CancellationToken ct) =>
        TypedResults.Ok(await threads.FollowAsync(http.User.UserId(), rootId, true, ct));

    private static async Task<Ok<ThreadStateDto>> Unfollow(Guid rootId, HttpContext http, ThreadService threads, CancellationToken ct) =>
        TypedResults.Ok(await threads.FollowAsync(http.User.UserId(), rootId, false, ct));

    private static async Task<Ok<ThreadStateDto>> MarkRead(Guid rootId, MarkThreadReadRequest req, HttpContext http, ThreadService threads, CancellationToken ct) =>
        TypedResults.Ok(await threads.MarkReadAsync(http.User.UserId(), rootId, req.Seq, ct));
}
