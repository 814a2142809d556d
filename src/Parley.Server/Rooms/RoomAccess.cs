using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.Rooms;

/// <summary>
/// Who may read or write a room. A room the user may not see answers 404 exactly as a room that does not exist,
/// so ids of private rooms and DMs can't be probed.
/// </summary>
public sealed class RoomAccess(ParleyDb db, MembershipCache cache)
{
    public sealed record Membership(Room Room, RoomMember Member);

    /// <summary>The room and the caller's membership; 404 if hidden from them, 403 for a public room they haven't joined.</summary>
    public async Task<Membership> RequireMemberAsync(Guid userId, Guid roomId, CancellationToken ct = default)
    {
        var row = await db.Rooms.AsNoTracking()
            .Where(r => r.Id == roomId)
            .Select(r => new { Room = r, Member = db.RoomMembers.FirstOrDefault(m => m.RoomId == r.Id && m.UserId == userId) })
            .FirstOrDefaultAsync(ct);
        if (row is null) throw ParleyError.NotFound("Room");
        if (row.Member is null)
            // A guest is never told that a public room outside theirs exists.
            throw row.Room.Kind == RoomKind.Public && !GuestScope.Limits(await db.ServerRoleOfAsync(userId, ct))
                ? ParleyError.Forbidden("You are not a member of this room. Join it first.", ErrorCodes.NotMember)
                : ParleyError.NotFound("Room");
        return new(row.Room, row.Member);
    }

    /// <summary>The same check for the send path, answered from <see cref="MembershipCache"/> when it can.</summary>
    public async Task<Membership> RequireMemberCachedAsync(Guid userId, Guid roomId, CancellationToken ct = default)
    {
        if (cache.TryGet(roomId, userId, out var known)) return known;
        var version = cache.Version(roomId);
        var m = await RequireMemberAsync(userId, roomId, ct);
        cache.Set(m, version);
        return m;
    }

    /// <summary>Members read any room they are in; anyone signed in but a guest may read a public room.</summary>
    public async Task<Room> RequireReadableAsync(Guid userId, Guid roomId, CancellationToken ct = default) =>
        await Readable(db, roomId, userId, ct) ?? throw ParleyError.NotFound("Room");

    // Compiled once: history and file reads ask this on every request.
    private static readonly Func<ParleyDb, Guid, Guid, CancellationToken, Task<Room?>> Readable = EF.CompileAsyncQuery(
        (ParleyDb db, Guid roomId, Guid userId, CancellationToken ct) => db.Rooms.AsNoTracking()
            .FirstOrDefault(r => r.Id == roomId && ((r.Kind == RoomKind.Public && !db.Users.Any(u => u.Id == userId && u.ServerRole == ServerRole.Guest))
                                                    || db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == userId))));
}
