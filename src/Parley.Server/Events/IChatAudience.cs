namespace Parley.Server.Events;

/// <summary>
/// Who hears what once a change is committed. The features publish through this (and <see cref="IChatClient"/>'s
/// events); the hub (Realtime) implements it on every node. So events after commit flow one way: a feature never calls
/// into the hub that calls it.
/// </summary>
public interface IChatAudience
{
    /// <summary>Every connection in the room (on every node).</summary>
    IChatClient InRoom(Guid roomId);

    /// <summary>Every connection of the user: all their tabs and devices.</summary>
    IChatClient ToUser(Guid userId);

    /// <summary>One hub connection, whichever node holds it (a call's signalling goes to exactly one).</summary>
    IChatClient ToConnection(string connectionId);

    /// <summary>Every connection of these users (one send).</summary>
    IChatClient ToUsers(IEnumerable<Guid> userIds);

    /// <summary>Everyone who shares a room with the user, and the user's own connections (one send per group); friends too when given.</summary>
    IChatClient AroundUser(Guid userId, IEnumerable<Guid> roomIds, IEnumerable<Guid>? friendIds = null);

    /// <summary>Call after the membership is committed; returns once the user's connections on every node are in the room's group.</summary>
    Task AddUserToRoomAsync(Guid userId, Guid roomId);

    /// <summary>Call after the membership is committed; returns once the user's connections on every node are out.</summary>
    Task RemoveUserFromRoomAsync(Guid userId, Guid roomId);

    /// <summary>Tells each connection of the session (or, with null, of all the user's sessions) why it ends, then closes it, on every node.</summary>
    Task EndSessionAsync(Guid userId, string? sessionId, string reason);

    /// <summary>The user's typing indicator in the room ends (they sent a message).</summary>
    Task StopTypingAsync(Guid roomId, Guid userId);

    /// <summary>Every connection of the server's moderators and up (whose role may ReviewReports), on every node.</summary>
    IChatClient Moderators();

    /// <summary>
    /// Call after a change of the user's server role is committed: returns once their connections on every node have
    /// joined or left <see cref="Moderators"/> as the stored role says.
    /// </summary>
    Task RefreshModeratorAsync(Guid userId);

    /// <summary>Every connection on every node, signed in as anyone (what the whole server shares: its custom emoji).</summary>
    IChatClient Everyone();
}
