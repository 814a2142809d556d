namespace Parley.Server.Friends;

/// <summary>One person blocking another. Only the blocker knows: nothing tells the blocked person.</summary>
public sealed class Block
{
    public Guid BlockerId { get; set; }
    public Guid BlockedId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed record BlockDto(Accounts.UserDto User, DateTime BlockedAt);
/// <summary>To the blocker's own connections, so every tab hides (or shows again) that person's messages.</summary>
public sealed record BlocksChanged(Guid UserId, bool Blocked);
