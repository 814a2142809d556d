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
/// It takes a context from the pool for the query only: the hub's connect request lives as long as the connection, and
/// a context resolved in its scope would be held (with its connection) all that time.
/// </summary>
public sealed class SessionCheck(IDbContextFactory<ParleyDb> contexts, IOptions<IdentityOptions> identity)
{
    // Compiled once: on every request EF's query cache lookup cost several times what the database does.
    private static readonly Func<ParleyDb, Guid, string?, string, CancellationToken, Task<bool>> Valid = EF.CompileAsyncQuery(
        (ParleyDb db, Guid id, string? stamp, string sid, CancellationToken ct) =>
            db.Users.Any(u => u.Id == id && u.DeactivatedAt == null
                              && (stamp == null || u.SecurityStamp == stamp)
                              && !db.RevokedSessions.Any(s => s.SessionId == sid)));

    public async Task<bool> IsValidAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return false;
        var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Valid(db, id, stamp, user.SessionId() ?? "", ct);
    }
}
