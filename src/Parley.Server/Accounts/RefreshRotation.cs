using System.Security.Claims;

namespace Parley.Server.Accounts;

/// <summary>
/// Each refresh token is good for one trade (refresh token rotation, OAuth 2.0 Security BCP). A token carries its
/// session id and its generation in the session's chain; trading it records "session#generation" in revoked_sessions.
/// A token traded twice was copied: the whole session is revoked, so neither the copy nor the owner's latest token goes
/// on, and the owner signs in again.
/// </summary>
public static class RefreshRotation
{
    public const string GenerationClaim = "parley:gen";

    /// <summary>0 for the tokens of a sign-in, one more for each refresh since.</summary>
    public static int Generation(ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(GenerationClaim), out var generation) ? generation : 0;

    /// <summary>The revoked_sessions key of a traded token (a session id is 32 hex digits).</summary>
    public static string TradedKey(string sessionId, int generation) => $"{sessionId}#{generation}";

    /// <summary>The next tokens of the same session: its id, and the following generation.</summary>
    public static void Continue(ClaimsPrincipal next, string sessionId, int generation)
    {
        if (next.Identity is not ClaimsIdentity id) return;
        if (id.FindFirst(AuthSetup.SessionClaim) is { } fresh) id.RemoveClaim(fresh);
        id.AddClaim(new(AuthSetup.SessionClaim, sessionId));
        id.AddClaim(new(GenerationClaim, (generation + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
