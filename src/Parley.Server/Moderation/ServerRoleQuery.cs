using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Moderation;

public static class ServerRoleQuery
{
    /// <summary>
    /// The user's server role, read where it is checked (one primary-key lookup), so a role change counts at once on
    /// every node without a cache to drop. An unknown id reads as a member.
    /// </summary>
    public static Task<ServerRole> ServerRoleOfAsync(this ParleyDb db, Guid userId, CancellationToken ct = default) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.ServerRole).FirstOrDefaultAsync(ct);
}
