using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.Administration;

/// <summary>One account as the admin console lists it.</summary>
public sealed record AdminUserDto(Guid Id, string UserName, string DisplayName, string Role, DateTime CreatedAt, DateTime? DeactivatedAt,
    DateTime? LastSeenAt, DateTime? TimedOutUntil)
{
    public static AdminUserDto From(User u) => new(u.Id, u.UserName!, u.DisplayName, u.ServerRole.Wire(), Utc(u.CreatedAt)!.Value, Utc(u.DeactivatedAt),
        Utc(u.LastSeenAt), Utc(u.TimedOutUntil));

    private static DateTime? Utc(DateTime? t) => t is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}

public sealed record SetServerRoleRequest(string? Role);
public sealed record CreateUserRequest(string? UserName, string? Password, string? DisplayName);

/// <summary>
/// Accounts as admins manage them (ManageUsers): list, roles, deactivation, ending sessions, creating accounts.
/// Acting on someone needs a higher role than theirs; only the owner makes admins, and hands the server over.
/// Each action writes one audit entry with its change.
/// </summary>
public sealed class UserAdministration(ParleyDb db, AccountService accounts, Rooms.MembershipCache memberships, Events.IChatAudience groups, TimeProvider clock)
{
    public const int MaxPage = 200;

    /// <summary>403 not_allowed unless the caller may manage accounts.</summary>
    public Task RequireAsync(Guid me, CancellationToken ct) => Actors.RequireAsync(db, me, Permission.ManageUsers, ct);

    /// <summary>
    /// Accounts, newest first. Server moderators list them too: they time people out everywhere from this list
    /// (TimeoutServerWide, which every role with ManageUsers also holds); the other actions stay ManageUsers.
    /// </summary>
    public async Task<List<AdminUserDto>> ListAsync(Guid me, string? q, string? role, bool? deactivated, Guid? before, int? limit, CancellationToken ct)
    {
        await Actors.RequireAsync(db, me, Permission.TimeoutServerWide, ct);
        if (limit is < 1 or > MaxPage) throw ParleyError.Invalid("limit", $"limit must be 1 to {MaxPage}.");
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var needle = q.Trim().ToLowerInvariant();
            var upper = needle.ToUpperInvariant();
            users = users.Where(u => u.NormalizedUserName!.Contains(upper) || u.DisplayName.ToLower().Contains(needle));
        }
        if (role is not null)
        {
            var wanted = ServerRoles.Parse(role) ?? throw ParleyError.Invalid("role", "role must be guest, member, moderator, admin or owner.");
            users = users.Where(u => u.ServerRole == wanted);
        }
        if (deactivated is { } closed) users = closed ? users.Where(u => u.DeactivatedAt != null) : users.Where(u => u.DeactivatedAt == null);
        // Newest first, keyset on the time-ordered id: ?before= the last id of the previous page.
        if (before is { } b) users = users.Where(u => u.Id.CompareTo(b) < 0);
        var page = await users.OrderByDescending(u => u.Id).Take(limit ?? 50).ToListAsync(ct);
        return page.Select(AdminUserDto.From).ToList();
    }

    public async Task<AdminUserDto> SetRoleAsync(Guid me, Guid userId, SetServerRoleRequest req, CancellationToken ct)
    {
        var actor = await Actors.RequireAsync(db, me, Permission.ManageUsers, ct);
        var role = ServerRoles.Parse(req.Role) ?? throw ParleyError.Invalid("role", "role must be guest, member, moderator, admin or owner.");
        var target = await TargetAsync(actor, userId, ct);
        // Admins give roles below their own; the owner gives any, and giving "owner" hands the server over.
        if (role.Rank() >= actor.ServerRole.Rank() && actor.ServerRole != ServerRole.Owner)
            throw ParleyError.Forbidden("Only the owner can make admins or hand the server over.", ErrorCodes.NotAllowed);
        var from = target.ServerRole;
        if (from == role) return AdminUserDto.From(target);

        target.ServerRole = role;
        if (role == ServerRole.Owner) actor.ServerRole = ServerRole.Admin;   // one owner: the old one stays on as an admin
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, me, "user.role", targetUserId: userId,
            details: role == ServerRole.Owner
                ? new { from = from.Wire(), to = role.Wire(), previousOwner = me, previousOwnerNow = ServerRole.Admin.Wire() }
                : (object)new { from = from.Wire(), to = role.Wire() });
        await db.SaveChangesAsync(ct);
        // The send path keeps each member's server role with their membership, and moderators hear reports live:
        // both follow the new role on every node at once.
        foreach (var (changed, now) in role == ServerRole.Owner ? [(target.Id, role), (me, ServerRole.Admin)] : new[] { (target.Id, role) })
        {
            memberships.ForgetUser(changed);
            await groups.RefreshModeratorAsync(changed);
            await groups.ToUser(changed).ServerRoleChanged(new Events.ServerRoleChangedEvent(now.Wire()));
        }
        return AdminUserDto.From(target);
    }

    public async Task DeactivateAsync(Guid me, Guid userId, CancellationToken ct)
    {
        var actor = await Actors.RequireAsync(db, me, Permission.ManageUsers, ct);
        var target = await TargetAsync(actor, userId, ct);
        if (target.DeactivatedAt is not null) return;
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, me, "user.deactivate", targetUserId: userId);
        await accounts.CloseAsync(target, "An admin deactivated this account.");
    }

    public async Task ReactivateAsync(Guid me, Guid userId, CancellationToken ct)
    {
        var actor = await Actors.RequireAsync(db, me, Permission.ManageUsers, ct);
        var target = await TargetAsync(actor, userId, ct);
        if (target.DeactivatedAt is null) return;
        target.DeactivatedAt = null;
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, me, "user.reactivate", targetUserId: userId);
        await db.SaveChangesAsync(ct);
    }

    public async Task EndSessionsAsync(Guid me, Guid userId, CancellationToken ct)
    {
        var actor = await Actors.RequireAsync(db, me, Permission.ManageUsers, ct);
        var target = await TargetAsync(actor, userId, ct);
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, me, "user.sessions_end", targetUserId: userId);
        await accounts.EndAllSessionsAsync(target, "An admin ended your sessions. Sign in again.");
    }

    /// <summary>The request's fields were checked already (<see cref="AccountRules"/>). Open to admins whatever the registration mode.</summary>
    public async Task<AdminUserDto> CreateAsync(Guid me, CreateUserRequest req, CancellationToken ct)
    {
        await Actors.RequireAsync(db, me, Permission.ManageUsers, ct);
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == req.UserName!.ToUpperInvariant(), ct))
            throw ParleyError.Conflict("userName", "That user name is taken.");
        // Recorded first: creating the account saves this unit of work, the entry with it (or neither).
        var id = Guid.CreateVersion7();
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, me, "user.create", targetUserId: id);
        var user = await accounts.CreateAsync(req.UserName!, req.Password!, req.DisplayName, id);
        return AdminUserDto.From(user);
    }

    /// <summary>Someone else, whom the actor outranks (an admin never acts on another admin or the owner).</summary>
    private async Task<User> TargetAsync(User actor, Guid userId, CancellationToken ct)
    {
        if (userId == actor.Id) throw ParleyError.Forbidden("You can't do this to your own account here.", ErrorCodes.NotAllowed);
        var target = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw ParleyError.NotFound("User");
        if (target.ServerRole.Rank() >= actor.ServerRole.Rank()) throw PermissionTable.OutrankedRefusal();
        return target;
    }
}
