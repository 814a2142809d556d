using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>
/// What people show of themselves (name, status, bio, time zone, avatar) and finding people. A change others can
/// see reaches everyone who shares a room with the person as UserUpdated, after the save.
/// </summary>
public sealed class ProfileService(ParleyDb db, IChatAudience groups)
{
    public async Task<MeDto?> GetMeAsync(Guid me, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == me, ct);
        return user is null ? null : MeDto.From(user);
    }

    /// <summary>Null when the account is gone.</summary>
    public async Task<MeDto?> UpdateMeAsync(Guid me, UpdateMeRequest req, CancellationToken ct = default)
    {
        if (req.DisplayName is not null &&
            AccountRules.LineProblem(req.DisplayName, "Display name", AccountRules.MaxDisplayName, required: true) is { } dn)
            throw ParleyError.Invalid("displayName", dn);
        if (req.StatusText is not null &&
            AccountRules.LineProblem(req.StatusText, "Status text", AccountRules.MaxStatusText, required: false) is { } st)
            throw ParleyError.Invalid("statusText", st);
        if (req.Bio is not null && AccountRules.BioProblem(req.Bio) is { } bio) throw ParleyError.Invalid("bio", bio);
        if (req.TimeZone is not null && AccountRules.TimeZoneProblem(req.TimeZone) is { } tz) throw ParleyError.Invalid("timeZone", tz);
        var statusExpiresAt = ZonedTime.Utc(req.StatusExpiresAt, "statusExpiresAt");
        if (statusExpiresAt is { } until && (until <= DateTime.UtcNow || until > DateTime.UtcNow.AddDays(366)))
            throw ParleyError.Invalid("statusExpiresAt", "statusExpiresAt must be a time in the next year.");

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == me, ct);
        if (user is null) return null;
        var before = UserDto.From(user);
        if (req.DisplayName is not null) user.DisplayName = req.DisplayName.Trim();
        if (req.StatusText is not null)
        {
            user.StatusText = req.StatusText.Trim();
            user.StatusExpiresAt = user.StatusText.Length == 0 ? null : statusExpiresAt;
        }
        else if (statusExpiresAt is { } expires) user.StatusExpiresAt = expires;
        if (req.Bio is not null) user.Bio = req.Bio.Trim().Replace("\r\n", "\n");
        if (req.TimeZone is not null) user.TimeZone = req.TimeZone.Trim();
        await db.SaveChangesAsync(ct);
        await AnnounceIfChangedAsync(before, user, ct);
        return MeDto.From(user);
    }

    /// <summary>A new avatar (a stored file's id) or none; the old picture's row goes.</summary>
    public async Task<MeDto> SetAvatarAsync(Guid me, Guid? fileId, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == me, ct) ?? throw ParleyError.NotFound("User");
        var before = UserDto.From(user);
        var old = user.AvatarFileId;
        user.AvatarFileId = fileId;
        await db.SaveChangesAsync(ct);
        // The sweeper removes the old picture's content once nothing else shares it.
        if (old is { } o && o != fileId) await db.Files.Where(f => f.Id == o).ExecuteDeleteAsync(ct);
        await AnnounceIfChangedAsync(before, user, ct);
        return MeDto.From(user);
    }

    /// <summary>People by name; a guest finds only those who share a conversation with them.</summary>
    public async Task<List<UserDto>> FindAsync(Guid me, string? q, int? limit, CancellationToken ct = default)
    {
        var take = Math.Clamp(limit ?? 20, 1, 50);
        var query = await VisibleUsersAsync(me, ct);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var needle = q.Trim().ToLowerInvariant();
            var upper = needle.ToUpperInvariant();
            query = query.Where(u => u.NormalizedUserName!.StartsWith(upper) || u.DisplayName.ToLower().Contains(needle));
        }
        var found = await query.OrderBy(u => u.NormalizedUserName).Take(take).ToListAsync(ct);
        return found.Select(UserDto.From).ToList();
    }

    /// <summary>Null for unknown and closed accounts, and for a guest, anyone outside their conversations.</summary>
    public async Task<UserDto?> GetAsync(Guid me, Guid id, CancellationToken ct = default)
    {
        var user = await (await VisibleUsersAsync(me, ct)).FirstOrDefaultAsync(u => u.Id == id, ct);
        return user is null ? null : UserDto.From(user);
    }

    private async Task<IQueryable<User>> VisibleUsersAsync(Guid me, CancellationToken ct)
    {
        var users = db.Users.AsNoTracking().Where(u => u.DeactivatedAt == null);
        if (!Moderation.GuestScope.Limits(await Moderation.ServerRoleQuery.ServerRoleOfAsync(db, me, ct))) return users;
        var roommates = Moderation.GuestScope.RoommatesOf(db, me);
        return users.Where(u => u.Id == me || roommates.Contains(u.Id));
    }

    /// <summary>UserUpdated to everyone who shares a room with the user and to their own tabs, when what others see changed. Call after the save.</summary>
    public async Task AnnounceIfChangedAsync(UserDto before, User user, CancellationToken ct = default)
    {
        var after = UserDto.From(user);
        if (after == before) return;
        var roomIds = await db.RoomMembers.AsNoTracking().Where(m => m.UserId == user.Id).Select(m => m.RoomId).ToListAsync(ct);
        await groups.AroundUser(user.Id, roomIds).UserUpdated(after);
    }
}
