using Microsoft.AspNetCore.Identity;

namespace Parley.Server.Accounts;

/// <summary>A person (or bot) with an account. Identity supplies the name, hash, stamp and lockout columns.</summary>
public sealed class User : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public string StatusText { get; set; } = "";
    /// <summary>When the status text clears itself; null: it stays.</summary>
    public DateTime? StatusExpiresAt { get; set; }
    public string Bio { get; set; } = "";
    /// <summary>IANA time zone id ("Europe/Paris"), or empty when not shared.</summary>
    public string TimeZone { get; set; } = "";
    public Guid? AvatarFileId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Set when the account is closed: sign-in is refused and open connections are dropped.</summary>
    public DateTime? DeactivatedAt { get; set; }
    /// <summary>Presence the person chose: "" (automatic: online or away by activity), "away" or "dnd".</summary>
    public string PresenceChoice { get; set; } = "";
    /// <summary>When their last connection closed (after the grace period).</summary>
    public DateTime? LastSeenAt { get; set; }
    /// <summary>Their role on the whole server; the first account on a fresh server is its owner.</summary>
    public Moderation.ServerRole ServerRole { get; set; }
    /// <summary>A server-wide timeout: until then they may read but not send, react or call anywhere.</summary>
    public DateTime? TimedOutUntil { get; set; }
    /// <summary>When they first signed in: the new-sign-in notice skips that one (right after sign-up).</summary>
    public DateTime? FirstSignInAt { get; set; }
}

/// <summary>What other people may see of a user. avatarUrl: null shows initials on a colour derived from the id.</summary>
public sealed record UserDto(Guid Id, string UserName, string DisplayName, string StatusText, string Bio, string TimeZone, string? AvatarUrl,
    DateTime? StatusExpiresAt)
{
    public static UserDto From(User u) => new(u.Id, u.UserName!, u.DisplayName, Users.Status(u), u.Bio, u.TimeZone, Users.AvatarUrl(u.AvatarFileId),
        Users.Status(u).Length == 0 ? null : u.StatusExpiresAt);
}

/// <summary>What a user sees of themselves; role is their server role (guest, member, moderator, admin, owner); email null: none given.</summary>
public sealed record MeDto(Guid Id, string UserName, string DisplayName, string StatusText, string Bio, string TimeZone, string? AvatarUrl, DateTime CreatedAt,
    DateTime? StatusExpiresAt, string Role, string? Email, bool EmailVerified)
{
    public static MeDto From(User u) => new(u.Id, u.UserName!, u.DisplayName, Users.Status(u), u.Bio, u.TimeZone, Users.AvatarUrl(u.AvatarFileId), u.CreatedAt,
        Users.Status(u).Length == 0 ? null : u.StatusExpiresAt, Moderation.ServerRoles.Wire(u.ServerRole), u.Email, u.Email is not null && u.EmailConfirmed);
}

public static class Users
{
    public static string? AvatarUrl(Guid? fileId) => fileId is { } id ? Files.FileDto.ContentUrl(id) : null;

    /// <summary>The status text, or "" once it expired (even before the sweeper has cleared it).</summary>
    public static string Status(User u) => u.StatusExpiresAt is { } until && until <= DateTime.UtcNow ? "" : u.StatusText;
}
