using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Parley.Server.Realtime;

/// <summary>
/// The open hub connections of this node, by user: to move a user's every tab into a room's group,
/// and to close the connections of a session that logged out or an account that was closed.
/// </summary>
public sealed class ConnectionRegistry
{
    /// <summary>One connection; <see cref="Rooms"/> are the room groups it was put in (changed under ChatGroups' lock of the user).</summary>
    public sealed record Entry(Guid UserId, string? SessionId, HubCallerContext Context)
    {
        public HashSet<Guid> Rooms { get; } = [];
    }

    private readonly ConcurrentDictionary<string, Entry> _byConnection = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, byte>> _byUser = new();
    private readonly ConcurrentDictionary<Guid, byte> _closedAccounts = new();

    /// <summary>Registers the connection unless the user holds <paramref name="max"/> already (checked and added at once).</summary>
    public bool TryAdd(HubCallerContext context, Guid userId, string? sessionId, int max)
    {
        while (true)
        {
            var set = _byUser.GetOrAdd(userId, _ => new());
            lock (set)
            {
                // Remove() may have just dropped this set from the map as it emptied: take the current one.
                if (!_byUser.TryGetValue(userId, out var current) || !ReferenceEquals(current, set)) continue;
                if (set.Count >= max) return false;
                _byConnection[context.ConnectionId] = new Entry(userId, sessionId, context);
                set.TryAdd(context.ConnectionId, 0);
                return true;
            }
        }
    }

    /// <summary>How many hub connections are open on this node.</summary>
    public int Count => _byConnection.Count;

    /// <summary>How many hub connections the user holds open on this node.</summary>
    public int CountOf(Guid userId) => _byUser.TryGetValue(userId, out var set) ? set.Count : 0;

    public void Remove(string connectionId)
    {
        if (!_byConnection.TryRemove(connectionId, out var e)) return;
        if (_byUser.TryGetValue(e.UserId, out var set))
            lock (set)
            {
                set.TryRemove(connectionId, out _);
                if (set.IsEmpty) _byUser.TryRemove(new(e.UserId, set));
            }
    }

    public IReadOnlyCollection<string> Of(Guid userId) =>
        _byUser.TryGetValue(userId, out var set) ? set.Keys.ToArray() : [];

    /// <summary>The user's connections on this node, with the rooms each was put in.</summary>
    public IReadOnlyList<Entry> EntriesOf(Guid userId) =>
        [.. Of(userId).Select(id => _byConnection.TryGetValue(id, out var e) ? e : null).Where(e => e is not null).Select(e => e!)];

    /// <summary>The users with a connection on this node.</summary>
    public IReadOnlyCollection<Guid> Users => [.. _byUser.Keys];

    public bool IsClosed(Guid userId) => _closedAccounts.ContainsKey(userId);

    /// <summary>The open connections of one sign-in session, or of all the user's sessions.</summary>
    public IReadOnlyList<HubCallerContext> OfSession(Guid userId, string? sessionId) =>
        [.. EntriesOf(userId).Where(e => sessionId is null || e.SessionId == sessionId).Select(e => e.Context)];

    /// <summary>Refuses the user's hub calls for a few seconds while their connections close (account closed, signed out everywhere).</summary>
    public void MarkClosing(Guid userId)
    {
        _closedAccounts.TryAdd(userId, 0);
        // A later sign-in of a still-active account opens new connections; the mark only guards the close itself.
        _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => _closedAccounts.TryRemove(userId, out byte _), TaskScheduler.Default);
    }
}
