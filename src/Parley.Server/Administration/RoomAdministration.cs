using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Moderation;
using Parley.Server.Rooms;

namespace Parley.Server.Administration;

/// <summary>A room as the admin console lists it (rooms only, not DMs).</summary>
public sealed record AdminRoomDto(Guid Id, string Kind, string Name, string Topic, Guid CreatedById, DateTime CreatedAt, DateTime LastActivityAt,
    int MemberCount, bool Archived, DateTime? ArchivedAt);

public sealed record TransferRoomRequest(Guid? UserId);

/// <summary>
/// Rooms as a whole: list them (admins), archive and unarchive (room owner or admin), delete (admin), hand over
/// (room owner or admin). Each action writes one audit entry with its change, then the room's people hear of it.
/// </summary>
public sealed class RoomAdministration(ParleyDb db, MembershipCache memberships, IChatAudience groups, Calls.CallDepartures calls, TimeProvider clock,
    SendBatcher batcher)
{
    public const int MaxPage = 200;

    public async Task<List<AdminRoomDto>> ListAsync(Guid me, string? q, bool? archived, Guid? before, int? limit, CancellationToken ct)
    {
        await Actors.RequireAsync(db, me, Permission.OpenAdminConsole, ct);
        if (limit is < 1 or > MaxPage) throw ParleyError.Invalid("limit", $"limit must be 1 to {MaxPage}.");
        var rooms = db.Rooms.AsNoTracking().Where(r => r.Kind == RoomKind.Public || r.Kind == RoomKind.Private);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var needle = q.Trim().ToLowerInvariant();
            rooms = rooms.Where(r => r.NameKey!.Contains(needle) || r.Topic.ToLower().Contains(needle));
        }
        if (archived is { } a) rooms = a ? rooms.Where(r => r.ArchivedAt != null) : rooms.Where(r => r.ArchivedAt == null);
        // Newest first, keyset on the time-ordered id: ?before= the last id of the previous page.
        if (before is { } b) rooms = rooms.Where(r => r.Id.CompareTo(b) < 0);
        var page = await rooms.OrderByDescending(r => r.Id).Take(limit ?? 50)
            .Select(r => new { Room = r, Count = db.RoomMembers.Count(m => m.RoomId == r.Id) })
            .ToListAsync(ct);
        return page.Select(x => new AdminRoomDto(x.Room.Id, x.Room.Kind.Wire(), x.Room.Name, x.Room.Topic, x.Room.CreatedById, Utc(x.Room.CreatedAt),
            Utc(x.Room.LastActivityAt), x.Count, x.Room.ArchivedAt is not null, x.Room.ArchivedAt is { } at ? Utc(at) : null)).ToList();
    }

    public Task<RoomDto> ArchiveAsync(Guid me, Guid roomId, CancellationToken ct) => SetArchivedAsync(me, roomId, true, ct);

    public Task<RoomDto> UnarchiveAsync(Guid me, Guid roomId, CancellationToken ct) => SetArchivedAsync(me, roomId, false, ct);

    private async Task<RoomDto> SetArchivedAsync(Guid me, Guid roomId, bool archive, CancellationToken ct)
    {
        var (_, room, _) = await SceneAsync(me, roomId, Permission.ArchiveRoom, ct);
        if (room.ArchivedAt is not null == archive) return RoomDto.From(room);
        var now = clock.GetUtcNow().UtcDateTime;
        room.ArchivedAt = archive ? now : null;
        AuditLog.Record(db, now, me, archive ? "room.archive" : "room.unarchive", roomId: roomId);
        await db.SaveChangesAsync(ct);
        memberships.Forget(roomId);
        // An archived room can be read, not written in: its call ends (no one could start one there either).
        if (archive) await calls.EndInRoomAsync(roomId, ct);
        var dto = RoomDto.From(room);
        await groups.InRoom(roomId).RoomUpdated(dto);
        return dto;
    }

    /// <summary>The room, its history and files are gone for good; its members' connections hear RoomRemoved and leave its group.</summary>
    public async Task DeleteAsync(Guid me, Guid roomId, CancellationToken ct)
    {
        var (_, room, _) = await SceneAsync(me, roomId, Permission.DeleteRoom, ct);
        // Its call ends first, so the people in it hear so (the rows then go with the room).
        await calls.EndInRoomAsync(roomId, ct);
        var members = await db.RoomMembers.AsNoTracking().Where(m => m.RoomId == roomId).Select(m => m.UserId).ToListAsync(ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, me, "room.delete", roomId: roomId,
                details: new { name = room.Name, kind = room.Kind.Wire(), members = members.Count });
            await db.SaveChangesAsync(ct);
            // Members, messages, reactions, mentions, files and sanctions go with it (foreign keys cascade).
            await db.Rooms.Where(r => r.Id == roomId).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
        }
        memberships.Forget(roomId);
        foreach (var userId in members) await groups.RemoveUserFromRoomAsync(userId, roomId);
        await groups.ToUsers(members).RoomRemoved(new RoomRemovedEvent(roomId, Deleted: true));
    }

    /// <summary>
    /// A member becomes the room's owner; the owner(s) before stay on as moderators. Written as a system line with the
    /// change in its transaction (as a role change is), so the room reads it in history and catch-up finds its rev.
    /// </summary>
    public async Task<RoomDto> TransferAsync(Guid me, Guid roomId, TransferRoomRequest req, CancellationToken ct)
    {
        var (actor, room, _) = await SceneAsync(me, roomId, Permission.TransferRoom, ct);
        if (req.UserId is not { } heirId) throw ParleyError.Invalid("userId", "userId is required.");
        var heir = await db.RoomMembers.AsNoTracking().Where(m => m.RoomId == roomId && m.UserId == heirId)
                       .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.Role, u.DisplayName }).FirstOrDefaultAsync(ct)
                   ?? throw ParleyError.Invalid("userId", "The new owner must be a member of the room.");
        if (heir.Role == MemberRole.Owner) return RoomDto.From(room);

        List<Guid> owners = [];
        (MessageDto Message, bool) line;
        try
        {
            line = await batcher.WriteSystemLineAsync(room, heirId, $"{actor.DisplayName} made {heir.DisplayName} the owner", async (tx, msg, c) =>
            {
                owners = await tx.RoomMembers.Where(m => m.RoomId == roomId && m.Role == MemberRole.Owner).Select(m => m.UserId).ToListAsync(c);
                await tx.RoomMembers.Where(m => m.RoomId == roomId && m.Role == MemberRole.Owner)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, MemberRole.Moderator), c);
                // Left meanwhile: nothing changes, and the line is not written.
                if (await tx.RoomMembers.Where(m => m.RoomId == roomId && m.UserId == heirId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, MemberRole.Owner), c) == 0)
                    throw ParleyError.Invalid("userId", "The new owner must be a member of the room.");
                AuditLog.Record(tx, msg.CreatedAt, me, "room.transfer", targetUserId: heirId, roomId: roomId,
                    details: new { previousOwners = owners, from = heir.Role.Wire() });
                await tx.SaveChangesAsync(c);
            }, ct);
        }
        finally { memberships.Forget(roomId); }

        var changed = await db.RoomMembers.AsNoTracking().Where(m => m.RoomId == roomId && (m.UserId == heirId || owners.Contains(m.UserId)))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u }).ToListAsync(ct);
        foreach (var x in changed)
            await groups.InRoom(roomId).MemberUpdated(new MemberEvent(roomId, line.Message.Rev,
                new MemberDto(x.u.Id, x.u.UserName!, x.u.DisplayName, x.m.Role.Wire(), x.m.JoinedAt, Users.AvatarUrl(x.u.AvatarFileId))));
        return RoomDto.From(room);
    }

    /// <summary>
    /// The actor, the room (tracked) and the actor's membership, if they may do this to it. A private room they can't
    /// see answers 404 as if it did not exist; DMs are not rooms to administer.
    /// </summary>
    private async Task<(User Actor, Room Room, RoomMember? Member)> SceneAsync(Guid me, Guid roomId, Permission permission, CancellationToken ct)
    {
        var actor = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == me && u.DeactivatedAt == null, ct)
                    ?? throw new ParleyError(401, "Sign in again.", code: ErrorCodes.SessionEnded);
        var room = await db.Rooms.FirstOrDefaultAsync(r => r.Id == roomId, ct) ?? throw ParleyError.NotFound("Room");
        var member = await db.RoomMembers.AsNoTracking().FirstOrDefaultAsync(m => m.RoomId == roomId && m.UserId == me, ct);
        var allowedAnywhere = PermissionTable.Allows(permission, actor.ServerRole);
        if (!allowedAnywhere && GuestScope.Hides(room, actor.ServerRole, member is not null)) throw ParleyError.NotFound("Room");
        if (room.Kind.IsDm()) throw ParleyError.Invalid("roomId", "Direct messages can't be archived, deleted or handed over.");
        PermissionTable.Require(permission, actor.ServerRole, member?.Role);
        return (actor, room, member);
    }

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
