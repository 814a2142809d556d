using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Parley.Server.Events;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>/api/me/sessions over <see cref="UserSessionService"/>, /api/me/password over <see cref="PasswordChangeService"/>.</summary>
public static class UserSessionsApi
{
    public static void MapUserSessions(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Users").RequireAuthorization();
        me.MapGet("/sessions", List).WithName("ListMySessions").WithSummary("Where I am signed in, newest active first.");
        me.MapDelete("/sessions/{id}", End).WithName("EndMySession").WithSummary("Sign one of my sessions out (404 if not mine).");
        me.MapPost("/sessions/end-others", EndOthers).WithName("EndMyOtherSessions").WithSummary("Sign out every session but this one.");
        me.MapPost("/password", ChangePassword).WithName("ChangeMyPassword").RequireRateLimiting(RateLimits.AuthPolicy)
            .WithSummary("Change the password (needs the current one); endOtherSessions signs the others out and issues this one again.");
    }

    private static async Task<Ok<List<UserSessionDto>>> List(HttpContext http, UserSessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.ListAsync(http.User.UserId(), http.User.SessionId(), ct));

    private static async Task<NoContent> End(string id, HttpContext http, UserSessionService sessions, CancellationToken ct)
    {
        await sessions.EndAsync(http.User.UserId(), http.User.SessionId(), id, ct);
        if (id == http.User.SessionId()) await http.SignOutAsync(IdentityConstants.ApplicationScheme); // the cookie, if it came with one
        return TypedResults.NoContent();
    }

    private static async Task<Ok<EndedSessionsDto>> EndOthers(HttpContext http, UserSessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(new EndedSessionsDto(await sessions.EndOthersAsync(http.User.UserId(), http.User.SessionId(), ct)));

    /// <summary>Bearer sessions get their new tokens in the body (200); a cookie session gets its new cookie (204).</summary>
    private static async Task<Results<NoContent, SignInHttpResult>> ChangePassword(ChangePasswordRequest req, HttpContext http,
        PasswordChangeService passwords, IChatAudience groups, CancellationToken ct)
    {
        var renewed = await passwords.ChangeAsync(http.User, req, http.Connection.RemoteIpAddress, ct);
        if (renewed is null) return TypedResults.NoContent();
        // This session's open connections carry the old stamp and would be refused at their next check, failing whatever
        // they were doing then. Closed now instead, once the client has its new cookie or tokens, they connect again.
        var (me, sid) = (http.User.UserId(), http.User.SessionId());
        http.Response.OnCompleted(() => groups.EndSessionAsync(me, sid, PasswordChangeService.Reissued));
        if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return TypedResults.SignIn(renewed, authenticationScheme: IdentityConstants.BearerScheme);
        await http.SignInAsync(IdentityConstants.ApplicationScheme, renewed, new AuthenticationProperties { IsPersistent = true });
        return TypedResults.NoContent();
    }
}

public sealed record EndedSessionsDto(int Ended);
