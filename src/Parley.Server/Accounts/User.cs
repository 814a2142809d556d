using Microsoft.AspNetCore.Identity;

namespace Parley.Server.Accounts;

/// <summary>A person (or bot) with an account. Identity supplies the name, hash, stamp and lockout columns.</summary>
public sealed class User : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public string StatusText { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>Set when the account is closed: sign-in is refused and open connections are dropped.</summary>
    public DateTime? DeactivatedAt { get; set; }
}

/// <summary>What other people may see of a user.</summary>
public sealed record UserDto(Guid Id, string UserName, string DisplayName, string StatusText)
{
    public static UserDto From(User u) => new(u.Id, u.UserName!, u.DisplayName, u.StatusText);
}

/// <summary>What a user sees of themselves.</summary>
public sealed record MeDto(Guid Id, string UserName, string DisplayName, string StatusText, DateTime CreatedAt)
{
    public static MeDto From(User u) => new(u.Id, u.UserName!, u.DisplayName, u.StatusText, u.CreatedAt);
}
