using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;

namespace Parley.Server.Realtime;

/// <summary>SignalR group names, and moving all of a user's connections in or out of a room's group at once.</summary>
public sealed class ChatGroups(IHubContext<ChatHub, IChatClient> hub, ConnectionRegistry connections)
{
    public static string Room(Guid roomId) => "room:" + roomId.ToString("N");
    public static string User(Guid userId) => "user:" + userId.ToString("N");

    public IChatClient InRoom(Guid roomId) => hub.Clients.Group(Room(roomId));
    public IChatClient ToUser(Guid userId) => hub.Clients.Group(User(userId));
    public IChatClient InGroups(IReadOnlyList<string> groupNames) => hub.Clients.Groups(groupNames);

    /// <summary>Everyone who shares a room with the user, and the user's own connections (one send per group); friends too when given.</summary>
    public IChatClient AroundUser(Guid userId, IEnumerable<Guid> roomIds, IEnumerable<Guid>? friendIds = null) =>
        hub.Clients.Groups([.. roomIds.Select(Room), User(userId), .. (friendIds ?? []).Select(User)]);

    public Task AddUserToRoomAsync(Guid userId, Guid roomId) =>
        Task.WhenAll(connections.Of(userId).Select(c => hub.Groups.AddToGroupAsync(c, Room(roomId))));

    public Task RemoveUserFromRoomAsync(Guid userId, Guid roomId) =>
        Task.WhenAll(connections.Of(userId).Select(c => hub.Groups.RemoveFromGroupAsync(c, Room(roomId))));

    /// <summary>
    /// Tells each connection of the session (or of all the user's sessions) why it ends, then closes it: a client that
    /// hears <c>SessionEnded</c> stops instead of reconnecting with credentials that no longer work.
    /// </summary>
    private static readonly TimeSpan SendGrace = TimeSpan.FromMilliseconds(100);

    public Task EndSessionAsync(Guid userId, string? sessionId, string reason)
    {
        if (sessionId is null) connections.MarkClosing(userId);
        var notice = new SessionEndedEvent(reason);
        return Task.WhenAll(connections.OfSession(userId, sessionId).Select(context => EndAsync(context, notice)));
    }

    private async Task EndAsync(HubCallerContext context, SessionEndedEvent notice)
    {
        // A stalled socket must not hold the others open: the close goes ahead after a short wait.
        try { await hub.Clients.Client(context.ConnectionId).SessionEnded(notice).WaitAsync(TimeSpan.FromSeconds(2)); }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException) { }
        // The notice is in the connection's pipe, not yet on the wire: give the transport a moment to send it, then
        // close properly (an abort alone can discard it), and only then end the connection.
        try
        {
            await Task.Delay(SendGrace);
            if (HubSockets.Of(context) is { } socket) await HubSockets.CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "Session ended");
        }
        finally { context.Abort(); }
    }
}
