using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Infrastructure;

namespace Parley.Server.Calls;

/// <summary>REST mirrors of the hub's call reads; calls themselves are made over the hub (they need a connection).</summary>
public static class CallsApi
{
    public static void MapCalls(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rooms/{id:guid}/call", Active).WithTags("Calls").RequireAuthorization()
            .WithName("GetRoomCall").WithSummary("The room's call in progress (members only); 404 no_call when there is none.");
        var calls = app.MapGroup("/api/calls").WithTags("Calls").RequireAuthorization();
        calls.MapGet("/ice-servers", IceServers).WithName("GetIceServers").WithSummary("STUN and TURN servers for my browser, with fresh TURN credentials.");
        calls.MapGet("/mine", Mine).WithName("GetMyCalls").WithSummary("Calls ringing me or that I am in (also while reconnecting).");
    }

    private static async Task<Ok<CallDto>> Active(Guid id, HttpContext http, CallService calls, CancellationToken ct) =>
        TypedResults.Ok(await calls.ActiveAsync(http.User.UserId(), id, ct)
                        ?? throw new ParleyError(404, "This room has no call in progress.", code: ErrorCodes.NoCall));

    private static Ok<IReadOnlyList<IceServer>> IceServers(HttpContext http, CallService calls) =>
        TypedResults.Ok(calls.IceServersFor(http.User.UserId()));

    private static async Task<Ok<IReadOnlyList<CallDto>>> Mine(HttpContext http, CallService calls, CancellationToken ct) =>
        TypedResults.Ok(await calls.MineAsync(http.User.UserId(), ct));
}
