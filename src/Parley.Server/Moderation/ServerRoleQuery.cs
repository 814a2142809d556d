using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Moderation;

public static class ServerRoleQuery
{
    // Compiled once: asked on many requests (search, room lists, a public room's history), where EF's per-query cache
    // lookup and parameter extraction cost more than the primary-key lookup itself.
    private static readonly Func<ParleyDb, Guid, CancellationToken, Task<ServerRole>> RoleOf = EF.CompileAsyncQuery(
        (ParleyDb db, Guid userId, CancellationToken ct) => db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.ServerRole).FirstOrDefault());

    /// <summary>
    /// The user's server role, read where it is checked (one primary-key lookup), so a role change counts at once on
    /// every node without a cache to drop. An unknown id reads as a member.
    /// </summary>
    public static Task<ServerRole> ServerRoleOfAsync(this ParleyDb db, Guid userId, CancellationToken ct = default) => RoleOf(db, userId, ct);
}
