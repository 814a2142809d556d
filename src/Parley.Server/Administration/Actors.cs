using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.Administration;

/// <summary>
/// Who is acting, with the role they hold now: read from the database on every check (one primary-key read), never
/// from the token or a cache, so a role change takes effect at once on every node with nothing to drop.
/// </summary>
public static class Actors
{
    /// <summary>The caller (tracked), if their current server role allows <paramref name="permission"/>; 403 not_allowed otherwise.</summary>
    public static async Task<User> RequireAsync(ParleyDb db, Guid me, Permission permission, CancellationToken ct)
    {
        var actor = await db.Users.FirstOrDefaultAsync(u => u.Id == me && u.DeactivatedAt == null, ct)
                    ?? throw new ParleyError(401, "Sign in again.", code: ErrorCodes.SessionEnded);
        PermissionTable.Require(permission, actor.ServerRole);
        return actor;
    }
}
