using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Moderation;

/// <summary>
/// What a guest may see of the server: the rooms they were brought into and the people in them (MessageAnyone,
/// BrowsePublicRooms in <see cref="PermissionTable"/>). Everyone else is as if it did not exist.
/// </summary>
public static class GuestScope
{
    /// <summary>Whether the role is held to <see cref="GuestScope"/> (guests are; members and up see the server).</summary>
    public static bool Limits(ServerRole role) => !PermissionTable.Allows(Permission.MessageAnyone, role);

    /// <summary>
    /// Whether a room is hidden from someone outside it, who then hears 404 as for a room that does not exist: a private
    /// room or a DM from everyone, a public room from guests. Who is refused an action says 403 only where this is false.
    /// </summary>
    public static bool Hides(Rooms.Room room, ServerRole role, bool isMember) =>
        !isMember && (room.Kind != Rooms.RoomKind.Public || Limits(role));

    /// <summary>Ids of everyone who shares a conversation with <paramref name="me"/> (me included when I am in any).</summary>
    public static IQueryable<Guid> RoommatesOf(ParleyDb db, Guid me) =>
        db.RoomMembers.Where(m => db.RoomMembers.Any(mine => mine.UserId == me && mine.RoomId == m.RoomId)).Select(m => m.UserId);

    /// <summary>403 not_allowed (MessageAnyone) if I am held to my rooms and someone among <paramref name="others"/> shares none with me.</summary>
    public static async Task RequireReachableAsync(ParleyDb db, Guid me, IReadOnlyCollection<Guid> others, CancellationToken ct = default)
    {
        if (!Limits(await db.ServerRoleOfAsync(me, ct))) return;
        var ids = others.Where(id => id != me).Distinct().ToList();
        var reachable = await RoommatesOf(db, me).Where(id => ids.Contains(id)).Distinct().CountAsync(ct);
        if (reachable != ids.Count) throw PermissionTable.Refusal(Permission.MessageAnyone);
    }
}
