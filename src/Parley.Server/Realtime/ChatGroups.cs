using Microsoft.AspNetCore.SignalR;

namespace Parley.Server.Realtime;

/// <summary>SignalR group names, and moving all of a user's connections in or out of a room's group at once.</summary>
public sealed class ChatGroups(IHubContext<ChatHub, IChatClient> hub, ConnectionRegistry connections)
{
    public static string Room(Guid roomId) => "room:" + roomId.ToString("N");
    public static string User(Guid userId) => "user:" + userId.ToString("N");

    public IChatClient InRoom(Guid roomId) => hub.Clients.Group(Room(roomId));
    public IChatClient ToUser(Guid userId) => hub.Clients.Group(User(userId));

    /// <summary>Everyone who shares a room with the user, and the user's own connections (one send per group).</summary>
    public IChatClient AroundUser(Guid userId, IEnumerable<Guid> roomIds) =>
        hub.Clients.Groups([.. roomIds.Select(Room), User(userId)]);

    public Task AddUserToRoomAsync(Guid userId, Guid roomId) =>
        Task.WhenAll(connections.Of(userId).Select(c => hub.Groups.AddToGroupAsync(c, Room(roomId))));

    public Task RemoveUserFromRoomAsync(Guid userId, Guid roomId) =>
        Task.WhenAll(connections.Of(userId).Select(c => hub.Groups.RemoveFromGroupAsync(c, Room(roomId))));
}
