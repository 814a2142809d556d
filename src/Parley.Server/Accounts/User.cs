using Microsoft.AspNetCore.Identity;

namespace Parley.Server.Accounts;

/// <summary>A person (or bot) with an account. Identity supplies the name, hash, stamp and lockout columns.</summary>
public sealed class User : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public string StatusText { get; set; } = "";
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
}

/// <summary>What other people may see of a user. avatarUrl: null shows initials on a colour derived from the id.</summary>
public sealed record UserDto(Guid Id, string UserName, string DisplayName, string StatusText, string Bio, string TimeZone, string? AvatarUrl)
{
    public static UserDto From(User u) => new(u.Id, u.UserName!, u.DisplayName, u.StatusText, u.Bio, u.TimeZone, Users.AvatarUrl(u.AvatarFileId));
}

/// <summary>What a user sees of themselves.</summary>
public sealed record MeDto(Guid Id, string UserName, string DisplayName, string StatusText, string Bio, string TimeZone, string? AvatarUrl, DateTime CreatedAt)
{
    public static MeDto From(User u) => new(u.Id, u.UserName!, u.DisplayName, u.StatusText, u.Bio, u.TimeZone, Users.AvatarUrl(u.AvatarFileId), u.CreatedAt);
}

public static class Users
{
    public static string? AvatarUrl(Guid? fileId) => fileId is { } id ? Files.FileDto.ContentUrl(id) : null;
}
