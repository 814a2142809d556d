using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Rooms;

namespace Parley.Server.Moderation;

public sealed record KickRequest(string? Reason);
public sealed record BanRequest(string? Reason, DateTime? ExpiresAt);
public sealed record TimeoutRequest(int? Seconds, string? Reason);
public sealed record RoomRoleRequest(string? Role);

public sealed record BanDto(Guid UserId, Guid ById, string Reason, DateTime CreatedAt, DateTime? ExpiresAt)
{
    public static BanDto From(RoomSanction s) => new(s.UserId, s.ById, s.Reason, DateTime.SpecifyKind(s.CreatedAt, DateTimeKind.Utc),
        s.ExpiresAt is { } e ? DateTime.SpecifyKind(e, DateTimeKind.Utc) : null);
}

public sealed record TimeoutDto(Guid UserId, DateTime Until);

/// <summary>
/// Acting on people in a room: kick, ban, timeout, room roles, and timeouts everywhere. Each checks the permission
/// table and that the actor outranks the person, writes the change and its one audit entry in one transaction (with
/// the system line when the room should see it), and only then moves sockets and tells the room.
/// </summary>
public sealed class RoomModeration(ParleyDb db, IChatAudience groups, MembershipCache memberships, SendBatcher batcher, Calls.CallDepartures calls, TimeProvider clock)
{
    public const int MaxReason = 500, MaxTimeoutSeconds = 28 * 24 * 3600;

    private sealed record Scene(Room Room, User Actor, MemberRole? ActorInRoom, User Target, RoomMember? TargetMember);

    public async Task KickAsync(Guid me, Guid roomId, Guid userId, string? reason, CancellationToken ct = default)
    {
        var why = CheckReason(reason);
        var s = await SceneAsync(me, roomId, userId, Permission.KickMember, outrank: true, ct);
        if (s.TargetMember is null) throw ParleyError.NotFound("Member");
        await RemoveAsync(s, $"{s.Target.DisplayName} was removed by {s.Actor.DisplayName}", "room.kick", why, null, banned: false, ct);
    }

    public async Task<BanDto> BanAsync(Guid me, Guid roomId, Guid userId, BanRequest req, CancellationToken ct = default)
    {
        var why = CheckReason(req.Reason);
        var now = Now();
        var expires = ZonedTime.Utc(req.ExpiresAt, "expiresAt");
        if (expires <= now) throw ParleyError.Invalid("expiresAt", "expiresAt must be in the future (or left out for a ban until lifted).");
        var s = await SceneAsync(me, roomId, userId, Permission.BanMember, outrank: true, ct);
        var ban = new RoomSanction { RoomId = roomId, UserId = userId, Kind = SanctionKind.Ban, ById = me, Reason = why, CreatedAt = now, ExpiresAt = expires };

        // A new ban replaces the old one (a longer or shorter one, or one that ran out).
        async Task StoreAsync(ParleyDb tx, DateTime at, CancellationToken c)
        {
            await tx.RoomSanctions.Where(x => x.RoomId == roomId && x.UserId == userId && x.Kind == SanctionKind.Ban).ExecuteDeleteAsync(c);
            ban.CreatedAt = at;
            tx.RoomSanctions.Add(ban);
        }

        if (s.TargetMember is not null)
            await RemoveAsync(s, $"{s.Target.DisplayName} was banned by {s.Actor.DisplayName}", "room.ban", why, StoreAsync, banned: true, ct, new { expiresAt = expires });
        else
        {
            // Banned before they ever came in: nothing for the room to see.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await StoreAsync(db, now, ct);
            AuditLog.Record(db, now, me, "room.ban", userId, roomId, reason: why, details: new { expiresAt = expires });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return BanDto.From(ban);
    }

    public async Task UnbanAsync(Guid me, Guid roomId, Guid userId, CancellationToken ct = default)
    {
        await SceneAsync(me, roomId, userId, Permission.BanMember, outrank: false, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var lifted = await db.RoomSanctions.Where(x => x.RoomId == roomId && x.UserId == userId && x.Kind == SanctionKind.Ban).ExecuteDeleteAsync(ct);
        if (lifted == 0) throw ParleyError.NotFound("Ban");
        AuditLog.Record(db, Now(), me, "room.unban", userId, roomId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The bans in force, newest first (expired ones are left out at once and swept later).</summary>
    public async Task<IReadOnlyList<BanDto>> BansAsync(Guid me, Guid roomId, CancellationToken ct = default)
    {
        await RequirePermissionAsync(me, roomId, Permission.BanMember, ct);
        var now = Now();
        var rows = await db.RoomSanctions.AsNoTracking()
            .Where(x => x.RoomId == roomId && x.Kind == SanctionKind.Ban && (x.ExpiresAt == null || x.ExpiresAt > now))
            .OrderByDescending(x => x.CreatedAt).Take(1000).ToListAsync(ct);
        return rows.Select(BanDto.From).ToList();
    }

    public async Task<TimeoutDto> TimeoutAsync(Guid me, Guid roomId, Guid userId, TimeoutRequest req, CancellationToken ct = default)
    {
        var why = CheckReason(req.Reason);
        var seconds = CheckSeconds(req.Seconds);
        await SceneAsync(me, roomId, userId, Permission.TimeoutInRoom, outrank: true, ct);
        var now = Now();
        var until = now.AddSeconds(seconds);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.RoomSanctions.Where(x => x.RoomId == roomId && x.UserId == userId && x.Kind == SanctionKind.Timeout).ExecuteDeleteAsync(ct);
            db.RoomSanctions.Add(new RoomSanction { RoomId = roomId, UserId = userId, Kind = SanctionKind.Timeout, ById = me, Reason = why, CreatedAt = now, ExpiresAt = until });
            AuditLog.Record(db, now, me, "room.timeout", userId, roomId, reason: why, details: new { seconds, until });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally { memberships.Forget(roomId); }
        return new TimeoutDto(userId, until);
    }

    public async Task LiftTimeoutAsync(Guid me, Guid roomId, Guid userId, CancellationToken ct = default)
    {
        await SceneAsync(me, roomId, userId, Permission.TimeoutInRoom, outrank: false, ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var lifted = await db.RoomSanctions.Where(x => x.RoomId == roomId && x.UserId == userId && x.Kind == SanctionKind.Timeout).ExecuteDeleteAsync(ct);
            if (lifted == 0) throw ParleyError.NotFound("Timeout");
            AuditLog.Record(db, Now(), me, "room.timeout_lift", userId, roomId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally { memberships.Forget(roomId); }
    }

    /// <summary>A timeout in every room at once (server moderators and up).</summary>
    public async Task<TimeoutDto> TimeoutEverywhereAsync(Guid me, Guid userId, TimeoutRequest req, CancellationToken ct = default)
    {
        var why = CheckReason(req.Reason);
        var seconds = CheckSeconds(req.Seconds);
        await RequireOutranksEverywhereAsync(me, userId, ct);
        var now = Now();
        var until = now.AddSeconds(seconds);
        await SetServerTimeoutAsync(me, userId, until, "user.timeout", why, new { seconds, until }, ct);
        return new TimeoutDto(userId, until);
    }

    public async Task LiftTimeoutEverywhereAsync(Guid me, Guid userId, CancellationToken ct = default)
    {
        await RequireOutranksEverywhereAsync(me, userId, ct);
        await SetServerTimeoutAsync(me, userId, null, "user.timeout_lift", "", null, ct);
    }

    private async Task SetServerTimeoutAsync(Guid me, Guid userId, DateTime? until, string action, string why, object? details, CancellationToken ct)
    {
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(x => x.SetProperty(u => u.TimedOutUntil, until), ct);
            AuditLog.Record(db, Now(), me, action, userId, reason: why, details: details);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally { memberships.ForgetUser(userId); }
    }

    private async Task RequireOutranksEverywhereAsync(Guid me, Guid userId, CancellationToken ct)
    {
        var actor = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => u.ServerRole).FirstAsync(ct);
        PermissionTable.Require(Permission.TimeoutServerWide, actor);
        var target = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (ServerRole?)u.ServerRole).FirstOrDefaultAsync(ct)
                     ?? throw ParleyError.NotFound("User");
        if (!PermissionTable.Outranks(actor, null, target, null)) throw PermissionTable.OutrankedRefusal();
    }

    /// <summary>Makes a member a member, moderator or owner of the room (with a line in the room).</summary>
    public async Task<MemberDto> SetRoleAsync(Guid me, Guid roomId, Guid userId, RoomRoleRequest req, CancellationToken ct = default)
    {
        var role = MemberRoles.Parse(req.Role) ?? throw ParleyError.Invalid("role", "role must be \"member\", \"moderator\" or \"owner\".");
        var s = await SceneAsync(me, roomId, userId, Permission.SetRoomRoles, outrank: true, ct);
        var member = s.TargetMember ?? throw ParleyError.NotFound("Member");
        // Nobody hands out more standing than their own.
        if (PermissionTable.Standing(s.Target.ServerRole, role) > PermissionTable.Standing(s.Actor.ServerRole, s.ActorInRoom)) throw PermissionTable.OutrankedRefusal();
        if (member.Role == role) return RoomService.ToMember(s.Target, member);

        var from = member.Role;
        var article = role == MemberRole.Owner ? "an owner" : role == MemberRole.Moderator ? "a moderator" : "a member";
        (MessageDto Message, bool) line;
        try
        {
            line = await batcher.WriteSystemLineAsync(s.Room, userId, $"{s.Actor.DisplayName} made {s.Target.DisplayName} {article}", async (tx, msg, c) =>
            {
                if (await tx.RoomMembers.Where(x => x.RoomId == roomId && x.UserId == userId).ExecuteUpdateAsync(x => x.SetProperty(m => m.Role, role), c) == 0)
                    throw ParleyError.NotFound("Member");
                AuditLog.Record(tx, msg.CreatedAt, me, "room.role", userId, roomId, details: new { from = from.Wire(), to = role.Wire() });
                await tx.SaveChangesAsync(c);
            }, ct);
        }
        finally { memberships.Forget(roomId); }
        member.Role = role;
        var dto = RoomService.ToMember(s.Target, member);
        await groups.InRoom(roomId).MemberUpdated(new MemberEvent(roomId, line.Message.Rev, dto));
        return dto;
    }

    /// <summary>
    /// Out of the room like a leave (system line with the change in its transaction, then the sockets moved on every
    /// node), plus whatever else the action stores and its audit entry.
    /// </summary>
    private async Task RemoveAsync(Scene s, string text, string action, string why, Func<ParleyDb, DateTime, CancellationToken, Task>? more,
        bool banned, CancellationToken ct, object? details = null)
    {
        var (roomId, userId) = (s.Room.Id, s.Target.Id);
        RoomMember? heir = null;
        (MessageDto Message, bool) line;
        try
        {
            line = await batcher.WriteSystemLineAsync(s.Room, userId, text, async (tx, msg, c) =>
            {
                // Removed twice at once (or left meanwhile): the second finds nobody and writes nothing.
                if (await tx.RoomMembers.Where(x => x.RoomId == roomId && x.UserId == userId).ExecuteDeleteAsync(c) == 0) throw ParleyError.NotFound("Member");
                if (s.TargetMember!.Role == MemberRole.Owner) heir = await RoomService.KeepAnOwnerAsync(tx, roomId, c);
                if (more is not null) await more(tx, msg.CreatedAt, c);
                AuditLog.Record(tx, msg.CreatedAt, s.Actor.Id, action, userId, roomId, reason: why, details: details);
                await tx.SaveChangesAsync(c);
            }, ct, beforeLaterMessages: () => groups.RemoveUserFromRoomAsync(userId, roomId));
        }
        finally { memberships.Forget(roomId); }

        // The writer moved the person's connections out of the room's group before sending anything stored after the
        // line (SendBatcher.Pending.BeforeLaterMessages); once more here, so a failed move is reported to the caller.
        await groups.RemoveUserFromRoomAsync(userId, roomId);
        await groups.ToUser(userId).RoomRemoved(new RoomRemovedEvent(roomId, why, banned));
        // Out of the room's call at once too: their peers stop hearing them.
        await calls.LeftRoomAsync(userId, roomId, ct);
        var room = groups.InRoom(roomId);
        await room.MemberLeft(new MemberEvent(roomId, line.Message.Rev, RoomService.ToMember(s.Target, s.TargetMember!)));
        if (heir is not null && await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == heir.UserId, ct) is { } heirUser)
            await room.MemberUpdated(new MemberEvent(roomId, line.Message.Rev, RoomService.ToMember(heirUser, heir)));
    }

    /// <summary>The room, the actor's and the target's standing; refuses unless the table allows it (and, when acting on them, the actor outranks the target).</summary>
    private async Task<Scene> SceneAsync(Guid me, Guid roomId, Guid targetId, Permission permission, bool outrank, CancellationToken ct)
    {
        var (room, actor, actorInRoom) = await RequirePermissionAsync(me, roomId, permission, ct);
        var target = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == targetId, ct) ?? throw ParleyError.NotFound("User");
        var targetMember = await db.RoomMembers.AsNoTracking().FirstOrDefaultAsync(m => m.RoomId == roomId && m.UserId == targetId, ct);
        if (outrank && !PermissionTable.Outranks(actor.ServerRole, actorInRoom, target.ServerRole, targetMember?.Role)) throw PermissionTable.OutrankedRefusal();
        return new Scene(room, actor, actorInRoom, target, targetMember);
    }

    private async Task<(Room Room, User Actor, MemberRole? InRoom)> RequirePermissionAsync(Guid me, Guid roomId, Permission permission, CancellationToken ct)
    {
        var room = await db.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, ct) ?? throw ParleyError.NotFound("Room");
        var actor = await db.Users.AsNoTracking().FirstAsync(u => u.Id == me, ct);
        var inRoom = await db.RoomMembers.AsNoTracking().Where(m => m.RoomId == roomId && m.UserId == me).Select(m => (MemberRole?)m.Role).FirstOrDefaultAsync(ct);
        if (!PermissionTable.Allows(permission, actor.ServerRole, inRoom))
        {
            if (GuestScope.Hides(room, actor.ServerRole, inRoom is not null)) throw ParleyError.NotFound("Room");
            throw PermissionTable.Refusal(permission);
        }
        if (room.Kind.IsDm()) throw ParleyError.Invalid("roomId", "Direct messages have no moderators: block or report instead.");
        return (room, actor, inRoom);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string CheckReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return "";
        if (AccountRules.LineProblem(reason, "Reason", MaxReason, required: false) is { } p) throw ParleyError.Invalid("reason", p);
        return reason.Trim();
    }

    private static int CheckSeconds(int? seconds) => seconds is >= 1 and <= MaxTimeoutSeconds
        ? seconds.Value
        : throw ParleyError.Invalid("seconds", $"seconds must be 1 to {MaxTimeoutSeconds} (28 days).");
}
