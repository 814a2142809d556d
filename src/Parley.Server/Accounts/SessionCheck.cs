using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;

namespace Parley.Server.Accounts;

/// <summary>
/// Is this sign-in still good? One indexed query: the account is open, its security stamp is the one the token was
/// issued with (logout everywhere and password changes move it), and the session was not signed out.
/// REST runs it on every request (authorization), the hub on connect and again during long-lived connections.
/// </summary>
public sealed class SessionCheck(ParleyDb db, IOptions<IdentityOptions> identity)
{
    public async Task<bool> IsValidAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return false;
        var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        var sid = user.SessionId() ?? "";
        return await db.Users.AnyAsync(u => u.Id == id && u.DeactivatedAt == null
                                            && (stamp == null || u.SecurityStamp == stamp)
                                            && !db.RevokedSessions.Any(s => s.SessionId == sid), ct);
    }
}
