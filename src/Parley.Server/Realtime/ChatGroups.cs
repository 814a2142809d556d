using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Cluster;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Moderation;

namespace Parley.Server.Realtime;

/// <summary>
/// SignalR group names, and moving all of a user's connections in or out of a room's group at once, or ending them —
/// on every node: the move or the end is a <see cref="ClusterBus"/> message that each node applies to its own
/// connections (<see cref="ConnectionRegistry"/>), and the call returns once every node has.
/// </summary>
public sealed class ChatGroups : IChatAudience
{
    /// <summary>The user's membership of the room changed (joined, invited, left, a new DM): each node looks it up and moves the user's connections.</summary>
    public sealed record RoomMembershipChanged(Guid UserId, Guid RoomId);

    /// <summary>A sign-in session (or, without an id, every session of the user) ended: each node closes its connections of it.</summary>
    public sealed record SessionEnding(Guid UserId, string? SessionId, string Reason);

    /// <summary>The user's server role changed: each node reads it and moves the user's connections in or out of the moderators' group.</summary>
    public sealed record ModeratorStandingChanged(Guid UserId);

    private static readonly TimeSpan SendGrace = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GroupCallLimit = TimeSpan.FromSeconds(5);

    private readonly IHubContext<ChatHub, IChatClient> _hub;
    private readonly TypingTracker _typing;
    private readonly ConnectionRegistry _connections;
    private readonly ClusterBus _bus;
    private readonly IDbContextFactory<ParleyDb> _contexts;
    private readonly SessionCheck _sessions;
    private readonly ILogger<ChatGroups> _log;
    // A user's group changes on this node happen one at a time (membership read, then group calls), so a later
    // change, which reads a later membership, is never undone by an earlier one finishing after it.
    private readonly SemaphoreSlim[] _userLocks = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly SemaphoreSlim _repairing = new(1, 1);
    private volatile bool _repairWanted;

    public ChatGroups(IHubContext<ChatHub, IChatClient> hub, ConnectionRegistry connections, TypingTracker typing, ClusterBus bus, IDbContextFactory<ParleyDb> contexts,
        SessionCheck sessions, ILogger<ChatGroups> log)
    {
        _hub = hub;
        _typing = typing;
        _connections = connections;
        _bus = bus;
        _contexts = contexts;
        _sessions = sessions;
        _log = log;
        // Constructed before any hub connection is (ChatHub needs PresenceTracker, which needs this): no node with
        // connections misses a message.
        bus.On<RoomMembershipChanged>(m => SyncRoomHereAsync(m.UserId, m.RoomId));
        bus.On<SessionEnding>(m => EndSessionHereAsync(m.UserId, m.SessionId, m.Reason));
        bus.On<ModeratorStandingChanged>(m => SyncModeratorHereAsync(m.UserId));
        bus.On<ClusterResync>(_ => RepairHereAsync());
    }

    public static string Room(Guid roomId) => "room:" + roomId.ToString("N");
    public static string User(Guid userId) => "user:" + userId.ToString("N");
    /// <summary>Server moderators and up: they hear ReportFiled.</summary>
    public const string ModeratorsGroup = "mods";

    public IChatClient InRoom(Guid roomId) => _hub.Clients.Group(Room(roomId));
    public IChatClient ToUser(Guid userId) => _hub.Clients.Group(User(userId));
    public IChatClient ToConnection(string connectionId) => _hub.Clients.Client(connectionId);
    public IChatClient ToUsers(IEnumerable<Guid> userIds) => _hub.Clients.Groups([.. userIds.Select(User)]);

    public Task StopTypingAsync(Guid roomId, Guid userId) => _typing.StopAsync(roomId, userId);

    public IChatClient Moderators() => _hub.Clients.Group(ModeratorsGroup);

    public IChatClient Everyone() => _hub.Clients.All;

    public Task RefreshModeratorAsync(Guid userId) => _bus.PublishAsync(new ModeratorStandingChanged(userId));

    /// <summary>Everyone who shares a room with the user, and the user's own connections (one send per group); friends too when given.</summary>
    public IChatClient AroundUser(Guid userId, IEnumerable<Guid> roomIds, IEnumerable<Guid>? friendIds = null) =>
        _hub.Clients.Groups([.. roomIds.Select(Room), User(userId), .. (friendIds ?? []).Select(User)]);

    // Both directions are the same message: each node reads the committed membership, so messages that arrive in
    // another order than their commits (two nodes, a join and a leave at once) still leave the groups as stored.

    /// <summary>Call after the membership is committed; returns once the user's connections on every node are in.</summary>
    public Task AddUserToRoomAsync(Guid userId, Guid roomId) => _bus.PublishAsync(new RoomMembershipChanged(userId, roomId));

    /// <summary>Call after the membership is committed; returns once the user's connections on every node are out.</summary>
    public Task RemoveUserFromRoomAsync(Guid userId, Guid roomId) => _bus.PublishAsync(new RoomMembershipChanged(userId, roomId));

    /// <summary>
    /// Tells each connection of the session (or of all the user's sessions), on every node, why it ends, then closes
    /// it: a client that hears <c>SessionEnded</c> stops instead of reconnecting with credentials that no longer work.
    /// </summary>
    public Task EndSessionAsync(Guid userId, string? sessionId, string reason) => _bus.PublishAsync(new SessionEnding(userId, sessionId, reason));

    /// <summary>
    /// Puts a new connection in its user's group and its rooms' groups; returns the rooms. Under the user's lock, so a
    /// membership change committed meanwhile is applied after this read, not overtaken by it.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> AddConnectionAsync(string connectionId, Guid userId, CancellationToken ct)
    {
        await _hub.Groups.AddToGroupAsync(connectionId, User(userId), ct);
        var gate = LockOf(userId);
        await gate.WaitAsync(ct);
        try
        {
            List<Guid> rooms;
            bool moderator;
            await using (var db = await _contexts.CreateDbContextAsync(ct))
            {
                rooms = await db.RoomMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.RoomId).ToListAsync(ct);
                moderator = await IsModeratorAsync(db, userId, ct);
            }
            var entry = _connections.EntriesOf(userId).FirstOrDefault(e => e.Context.ConnectionId == connectionId);
            await Task.WhenAll(rooms.Select(room => _hub.Groups.AddToGroupAsync(connectionId, Room(room), ct)));
            if (moderator) await _hub.Groups.AddToGroupAsync(connectionId, ModeratorsGroup, ct);
            entry?.Rooms.UnionWith(rooms);
            return rooms;
        }
        finally { gate.Release(); }
    }

    private static async Task<bool> IsModeratorAsync(ParleyDb db, Guid userId, CancellationToken ct = default) =>
        PermissionTable.Allows(Permission.ReviewReports, await db.ServerRoleOfAsync(userId, ct));

    private Task SyncModeratorHereAsync(Guid userId) =>
        ApplyHereAsync(userId, db => IsModeratorAsync(db, userId), (entry, into) => MoveToModeratorsAsync(entry.Context.ConnectionId, into));

    private async Task MoveToModeratorsAsync(string connectionId, bool into)
    {
        try
        {
            await (into ? _hub.Groups.AddToGroupAsync(connectionId, ModeratorsGroup) : _hub.Groups.RemoveFromGroupAsync(connectionId, ModeratorsGroup))
                .WaitAsync(GroupCallLimit);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or BackplaneUnavailable) { }
    }

    private SemaphoreSlim LockOf(Guid userId) => _userLocks[(userId.GetHashCode() & int.MaxValue) % _userLocks.Length];

    private Task SyncRoomHereAsync(Guid userId, Guid roomId) =>
        ApplyHereAsync(userId, db => db.RoomMembers.AnyAsync(m => m.UserId == userId && m.RoomId == roomId), (entry, into) => MoveAsync(entry, roomId, into));

    /// <summary>
    /// Reads from the database whether the user's connections on this node belong in a group, and moves them in or
    /// out. Under the user's lock: a later change, which reads later data, is never undone by an earlier one.
    /// </summary>
    private async Task ApplyHereAsync(Guid userId, Func<ParleyDb, Task<bool>> belongs, Func<ConnectionRegistry.Entry, bool, Task> move)
    {
        // A connection opened after this check reads the membership itself, after the commit this message follows.
        if (_connections.CountOf(userId) == 0) return;
        var gate = LockOf(userId);
        await gate.WaitAsync();
        try
        {
            var entries = _connections.EntriesOf(userId);
            if (entries.Count == 0) return;
            bool into;
            await using (var db = await _contexts.CreateDbContextAsync())
                into = await belongs(db);
            await Task.WhenAll(entries.Select(e => move(e, into)));
        }
        finally { gate.Release(); }
    }

    private async Task MoveAsync(ConnectionRegistry.Entry entry, Guid roomId, bool into)
    {
        var id = entry.Context.ConnectionId;
        try
        {
            await (into ? _hub.Groups.AddToGroupAsync(id, Room(roomId)) : _hub.Groups.RemoveFromGroupAsync(id, Room(roomId))).WaitAsync(GroupCallLimit);
        }
        // A connection that closed a moment ago is unknown to the backplane, which waits for another node to claim
        // it: bounded, and nothing to do then anyway.
        catch (Exception e) when (e is TimeoutException or OperationCanceledException) { }
        // Redis is away: not recorded as done, so the repair after its return (RepairRoomsAsync) makes the move.
        catch (BackplaneUnavailable) { return; }
        if (into) entry.Rooms.Add(roomId);
        else entry.Rooms.Remove(roomId);
    }

    private Task EndSessionHereAsync(Guid userId, string? sessionId, string reason)
    {
        if (sessionId is null) _connections.MarkClosing(userId);
        var notice = new SessionEndedEvent(reason);
        return Task.WhenAll(_connections.OfSession(userId, sessionId).Select(context => EndAsync(context, notice)));
    }

    private async Task EndAsync(HubCallerContext context, SessionEndedEvent notice)
    {
        // A stalled socket must not hold the others open: the close goes ahead after a short wait.
        try { await _hub.Clients.Client(context.ConnectionId).SessionEnded(notice).WaitAsync(TimeSpan.FromSeconds(2)); }
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

    /// <summary>
    /// After Redis came back (<see cref="ClusterResync"/>): moves and ends published meanwhile may be lost, so this
    /// node's connections are checked against the database — their rooms, and whether their session is still good.
    /// Several requests while one runs make it run once more, not once each.
    /// </summary>
    private async Task RepairHereAsync()
    {
        _repairWanted = true;
        while (_repairWanted && await _repairing.WaitAsync(0))
        {
            try
            {
                while (_repairWanted)
                {
                    _repairWanted = false;
                    await RepairRoomsAsync();
                    foreach (var user in _connections.Users.ToList()) await SyncModeratorHereAsync(user);
                    await RepairSessionsAsync();
                }
            }
            catch (Exception e) { _log.LogWarning(e, "Checking this node's connections after Redis came back failed"); }
            finally { _repairing.Release(); }
        }
    }

    private async Task RepairRoomsAsync()
    {
        foreach (var users in _connections.Users.Chunk(500))
        {
            List<(Guid UserId, Guid RoomId)> rows;
            await using (var db = await _contexts.CreateDbContextAsync())
                rows = (await db.RoomMembers.AsNoTracking().Where(m => users.Contains(m.UserId)).Select(m => new { m.UserId, m.RoomId }).ToListAsync())
                    .Select(r => (r.UserId, r.RoomId)).ToList();
            var roomsOf = rows.ToLookup(r => r.UserId, r => r.RoomId);
            foreach (var user in users)
            {
                var stored = roomsOf[user].ToHashSet();
                var gate = LockOf(user);
                await gate.WaitAsync();
                try
                {
                    foreach (var entry in _connections.EntriesOf(user))
                    {
                        if (entry.Rooms.SetEquals(stored)) continue;
                        // Read outside the lock: a move that ran since read a later membership; redo those rooms from it.
                        var changed = entry.Rooms.Except(stored).Concat(stored.Except(entry.Rooms)).ToList();
                        foreach (var room in changed) await SyncOneAsync(entry, room);
                    }
                }
                finally { gate.Release(); }
            }
        }
    }

    private async Task SyncOneAsync(ConnectionRegistry.Entry entry, Guid roomId)
    {
        bool member;
        await using (var db = await _contexts.CreateDbContextAsync())
            member = await db.RoomMembers.AnyAsync(m => m.UserId == entry.UserId && m.RoomId == roomId);
        await MoveAsync(entry, roomId, member);
    }

    private async Task RepairSessionsAsync()
    {
        var notice = new SessionEndedEvent("This session has ended. Sign in again.");
        foreach (var session in _connections.Users.SelectMany(_connections.EntriesOf).GroupBy(e => (e.UserId, e.SessionId)))
            if (!await _sessions.IsValidAsync(session.First().Context.User!))
                await Task.WhenAll(session.Select(e => EndAsync(e.Context, notice)));
    }
}
