using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.Rooms;

/// <summary>
/// Who may read or write a room. A room the user may not see answers 404 exactly as a room that does not exist,
/// so ids of private rooms and DMs can't be probed. Someone banned from a room is told so (403 banned).
/// </summary>
public sealed class RoomAccess(ParleyDb db, MembershipCache cache, TimeProvider clock)
{
    /// <summary>
    /// The room, the caller's membership, their server role and when their timeout ends (the later of a timeout in
    /// this room and one everywhere; null or past: not timed out), all that the send path checks, in one query.
    /// </summary>
    public sealed record Membership(Room Room, RoomMember Member, ServerRole ServerRole = ServerRole.Member, DateTime? TimedOutUntil = null);

    /// <summary>The room and the caller's membership; 404 if hidden from them, 403 for a public room they haven't joined.</summary>
    public async Task<Membership> RequireMemberAsync(Guid userId, Guid roomId, CancellationToken ct = default)
    {
        var row = await db.Rooms.AsNoTracking()
            .Where(r => r.Id == roomId)
            .Select(r => new
            {
                Room = r,
                Member = db.RoomMembers.FirstOrDefault(m => m.RoomId == r.Id && m.UserId == userId),
                Role = db.Users.Where(u => u.Id == userId).Select(u => u.ServerRole).FirstOrDefault(),
                Everywhere = db.Users.Where(u => u.Id == userId).Select(u => u.TimedOutUntil).FirstOrDefault(),
                InRoom = db.RoomSanctions.Where(s => s.RoomId == r.Id && s.UserId == userId && s.Kind == SanctionKind.Timeout)
                    .Select(s => s.ExpiresAt).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null) throw ParleyError.NotFound("Room");
        if (row.Member is null)
        {
            if (await IsBannedAsync(userId, roomId, ct)) throw Sanctions.BannedRefusal();
            // A guest is never told that a public room outside theirs exists.
            throw GuestScope.Hides(row.Room, row.Role, isMember: false)
                ? ParleyError.NotFound("Room")
                : ParleyError.Forbidden("You are not a member of this room. Join it first.", ErrorCodes.NotMember);
        }
        DateTime? until = row.Everywhere is { } a && (row.InRoom is not { } b || a > b) ? a : row.InRoom;
        return new(row.Room, row.Member, row.Role, until is { } u ? DateTime.SpecifyKind(u, DateTimeKind.Utc) : null);
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

    /// <summary>
    /// Members read any room they are in; anyone signed in may read a public room, unless banned from it or a guest.
    /// </summary>
    public async Task<Room> RequireReadableAsync(Guid userId, Guid roomId, CancellationToken ct = default)
    {
        var row = await Readable(db, roomId, userId, ct) ?? throw ParleyError.NotFound("Room");
        if (row.IsMember) return row.Room;
        // Only non-members pay for the ban and guest checks: a ban removes the membership.
        if (await IsBannedAsync(userId, roomId, ct)) throw Sanctions.BannedRefusal();
        return row.Room.Kind == RoomKind.Public && !GuestScope.Limits(await db.ServerRoleOfAsync(userId, ct)) ? row.Room : throw ParleyError.NotFound("Room");
    }

    /// <summary>Whether a ban that has not expired keeps the user out of the room.</summary>
    public Task<bool> IsBannedAsync(Guid userId, Guid roomId, CancellationToken ct = default) =>
        Banned(db, roomId, userId, clock.GetUtcNow().UtcDateTime, ct);

    private sealed record Readability(Room Room, bool IsMember);

    // Compiled once: history and file reads ask this on every request.
    private static readonly Func<ParleyDb, Guid, Guid, CancellationToken, Task<Readability?>> Readable = EF.CompileAsyncQuery(
        (ParleyDb db, Guid roomId, Guid userId, CancellationToken ct) => db.Rooms.AsNoTracking()
            .Where(r => r.Id == roomId)
            .Select(r => new Readability(r, db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == userId)))
            .FirstOrDefault());

    private static readonly Func<ParleyDb, Guid, Guid, DateTime, CancellationToken, Task<bool>> Banned = EF.CompileAsyncQuery(
        (ParleyDb db, Guid roomId, Guid userId, DateTime now, CancellationToken ct) => db.RoomSanctions
            .Any(s => s.RoomId == roomId && s.UserId == userId && s.Kind == SanctionKind.Ban && (s.ExpiresAt == null || s.ExpiresAt > now)));
}
