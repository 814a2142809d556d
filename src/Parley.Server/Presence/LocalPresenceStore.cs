namespace Parley.Server.Presence;

/// <summary>Presence of one node's connections, in memory: the whole picture when Parley runs as one process.</summary>
public sealed class LocalPresenceStore(TimeProvider clock) : IPresenceStore
{
    private sealed class State
    {
        public readonly Dictionary<string, bool> Connections = new(); // connection id → idle
        public string Choice = "";                                    // "" (automatic), away or dnd
        public string Published = PresenceStatus.Offline;
    }

    private readonly Dictionary<Guid, State> _users = new();
    private readonly Dictionary<Guid, DateTime> _lastClosed = new();
    private readonly Lock _lock = new();

    public Task<PresenceChange> ConnectedAsync(Guid userId, string connectionId, string? choice)
    {
        lock (_lock)
        {
            // The stored choice is read only when nothing is held for the user: a second tab costs no query.
            if (!_users.TryGetValue(userId, out var s))
            {
                if (choice is null) return Task.FromResult(new PresenceChange(null, NeedsChoice: true));
                _users[userId] = s = new State { Choice = choice };
            }
            s.Connections[connectionId] = false;
            return Task.FromResult(new PresenceChange(Recompute(s)));
        }
    }

    public Task<PresenceChange> DisconnectedAsync(Guid userId, string connectionId)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var s) || !s.Connections.Remove(connectionId)) return Task.FromResult(PresenceChange.None);
            _lastClosed[userId] = clock.GetUtcNow().UtcDateTime;
            return Task.FromResult(s.Connections.Count > 0 ? new PresenceChange(Recompute(s)) : new PresenceChange(null, NoneLeft: true));
        }
    }

    public Task<PresenceChange> SetIdleAsync(Guid userId, string connectionId, bool idle)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var s) || !s.Connections.ContainsKey(connectionId)) return Task.FromResult(PresenceChange.None);
            s.Connections[connectionId] = idle;
            return Task.FromResult(new PresenceChange(Recompute(s)));
        }
    }

    public Task<PresenceChange> SetChoiceAsync(Guid userId, string choice)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var s)) return Task.FromResult(PresenceChange.None); // read from the database on connect
            s.Choice = choice;
            return Task.FromResult(s.Connections.Count == 0 ? PresenceChange.None : new PresenceChange(Recompute(s)));
        }
    }

    public Task<bool> ExpireAsync(Guid userId, TimeSpan grace)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var s) || s.Connections.Count > 0) return Task.FromResult(false);
            if (_lastClosed.TryGetValue(userId, out var closed) && closed > clock.GetUtcNow().UtcDateTime - grace) return Task.FromResult(false);
            _users.Remove(userId);
            return Task.FromResult(s.Published != PresenceStatus.Offline);
        }
    }

    public Task<IReadOnlyDictionary<Guid, string>> StatusesAsync(IReadOnlyCollection<Guid> userIds)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyDictionary<Guid, string>>(userIds.Distinct().ToDictionary(id => id,
                id => _users.TryGetValue(id, out var s) ? s.Published : PresenceStatus.Offline));
    }

    public Task<IReadOnlySet<Guid>> ConnectedSinceAsync(IReadOnlyCollection<Guid> userIds, DateTime since)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlySet<Guid>>(userIds.Where(id =>
                (_users.TryGetValue(id, out var s) && s.Connections.Count > 0)
                || (_lastClosed.TryGetValue(id, out var closed) && closed >= since)).ToHashSet());
    }

    /// <summary>Sets the published status from the state; returns it when it changed. No connection: unchanged (the grace runs).</summary>
    private static string? Recompute(State s)
    {
        if (s.Connections.Count == 0) return null;
        var status = PresenceStatus.Of(s.Choice, s.Connections.Values.All(idle => idle));
        if (status == s.Published) return null;
        s.Published = status;
        return status;
    }
}
