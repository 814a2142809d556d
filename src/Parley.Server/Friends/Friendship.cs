namespace Parley.Server.Friends;

/// <summary>
/// One pair of people, stored once (LowId &lt; HighId): a request from <see cref="RequestedById"/> until the other accepts,
/// then friends. Declining, cancelling and removing delete the row.
/// </summary>
public sealed class Friendship
{
    public Guid LowId { get; set; }
    public Guid HighId { get; set; }
    public Guid RequestedById { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Null while it is a request.</summary>
    public DateTime? AcceptedAt { get; set; }

    public static (Guid Low, Guid High) Pair(Guid a, Guid b) => a.CompareTo(b) < 0 ? (a, b) : (b, a);
    public Guid Other(Guid me) => me == LowId ? HighId : LowId;
}

public static class FriendState
{
    public const string Friends = "friends", Incoming = "incoming", Outgoing = "outgoing", None = "none";
}

/// <summary>Someone in your friends list, as you see them.</summary>
public sealed record FriendDto(Accounts.UserDto User, string State, DateTime Since);
public sealed record FriendsList(IReadOnlyList<FriendDto> Friends, IReadOnlyList<FriendDto> Incoming, IReadOnlyList<FriendDto> Outgoing);
/// <summary>To both people's connections when their relation changes; State is from the receiver's side.</summary>
public sealed record FriendshipChanged(Guid UserId, string State, Accounts.UserDto User);
public sealed record FriendRequest(Guid? UserId);
