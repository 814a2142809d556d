using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Rooms;

namespace Parley.Server.Moderation;

/// <summary>Where someone stands in a room: their server role and their role there (null: not a member).</summary>
public static class Standings
{
    public static async Task<(ServerRole Server, MemberRole? InRoom)> OfAsync(ParleyDb db, Guid userId, Guid roomId, CancellationToken ct)
    {
        var row = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                u.ServerRole,
                InRoom = db.RoomMembers.Where(m => m.RoomId == roomId && m.UserId == userId).Select(m => (MemberRole?)m.Role).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        return row is null ? (ServerRole.Guest, null) : (row.ServerRole, row.InRoom);
    }
}
