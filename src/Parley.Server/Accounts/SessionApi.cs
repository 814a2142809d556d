using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Accounts;

/// <summary>
/// "Am I signed in, and as whom?" answered with 200 either way: the web client asks on every start, and a 401 from
/// GET /api/me showed as a failed request in the browser's console on each first visit.
/// </summary>
public static class SessionApi
{
    public static void MapSession(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/auth/session", GetSession).WithTags("Auth").AllowAnonymous().WithName("GetSession")
            .WithSummary("Whether this request is signed in, and as whom: 200 either way.");

    private static async Task<Ok<SessionDto>> GetSession(HttpContext http, SessionCheck sessions, ParleyDb db, CancellationToken ct)
    {
        // The same checks as every signed-in request: a closed account or a signed-out session is simply signed out.
        if (http.User.Identity?.IsAuthenticated != true || !await sessions.IsValidAsync(http.User, ct))
            return TypedResults.Ok(SessionDto.SignedOut);
        var id = http.User.UserId();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return TypedResults.Ok(user is null ? SessionDto.SignedOut : new SessionDto(true, MeDto.From(user)));
    }
}

/// <summary>The answer of GET /api/auth/session: <c>me</c> is null when signed out.</summary>
public sealed record SessionDto(bool SignedIn, MeDto? Me)
{
    public static readonly SessionDto SignedOut = new(false, null);
}
