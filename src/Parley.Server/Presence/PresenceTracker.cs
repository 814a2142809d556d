using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Realtime;

namespace Parley.Server.Presence;

public static class PresenceStatus
{
    public const string Online = "online", Away = "away", DoNotDisturb = "dnd", Offline = "offline";
}

/// <summary>Someone's presence as others see it; lastSeenAt is set when offline (null if never seen).</summary>
public sealed record PresenceDto(Guid UserId, string Status, DateTime? LastSeenAt);

/// <summary>
/// Who is online, from this node's hub connections: online while any connection is open and not idle, away when all
/// are idle or by the person's choice, dnd by choice, offline a grace period after the last connection closed (so a
/// quick reconnect doesn't flap). Changes go to the person's rooms and their own connections, nobody else.
/// </summary>
public sealed class PresenceTracker(IServiceScopeFactory scopes, ChatGroups groups, IOptions<PresenceOptions> options, TimeProvider clock,
    Data.DatabaseOutage outage, ILogger<PresenceTracker> log)
{
    private sealed class State
    {
        public readonly Dictionary<string, bool> Connections = new(); // connection id → idle
        public string Choice = "";                                    // "" (automatic), away or dnd
        public string Published = PresenceStatus.Offline;
        public long Generation;                                       // invalidates a pending "offline"
    }

    private readonly Dictionary<Guid, State> _users = new();
    private readonly Lock _lock = new();

    /// <param name="rooms">The user's rooms, which the hub has just read to join their groups.</param>
    public async Task ConnectedAsync(Guid userId, string connectionId, IReadOnlyList<Guid> rooms)
    {
        bool known;
        lock (_lock) known = _users.ContainsKey(userId);
        // The stored choice is read only when this node holds nothing for the user: a second tab costs no query.
        var choice = known ? null : await LoadChoiceAsync(userId);
        string? changed;
        lock (_lock)
        {
            var s = Get(userId);
            if (choice is not null && s.Connections.Count == 0) s.Choice = choice;
            s.Connections[connectionId] = false;
            s.Generation++;
            changed = Recompute(s);
        }
        if (changed is not null) await PublishAsync(userId, changed, null, rooms);
    }

    public Task DisconnectedAsync(Guid userId, string connectionId)
    {
        long generation;
        string? changed;
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var s) || !s.Connections.Remove(connectionId)) return Task.CompletedTask;
            if (s.Connections.Count > 0) { changed = Recompute(s); generation = -1; }
            else { changed = null; generation = ++s.Generation; }
        }
        if (changed is not null) return PublishAsync(userId, changed, null);
        if (generation >= 0) _ = GoOfflineLaterAsync(userId, generation);
        return Task.CompletedTask;
    }

    /// <summary>The client says whether this tab has seen no activity for a while (its idle timer).</summary>
    public Task SetIdleAsync(Guid userId, string connectionId, bool idle)
    {
        string? changed;
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var s) || !s.Connections.ContainsKey(connectionId)) return Task.CompletedTask;
            s.Connections[connectionId] = idle;
            changed = Recompute(s);
        }
        return changed is null ? Task.CompletedTask : PublishAsync(userId, changed, null);
    }

    /// <summary>The person's own choice, kept across sessions: automatic (online/away by activity), away, or dnd.</summary>
    public async Task SetChoiceAsync(Guid userId, string choice)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(x => x.SetProperty(u => u.PresenceChoice, choice));
        }
        string? changed;
        lock (_lock)
        {
            var s = Get(userId);
            s.Choice = choice;
            changed = s.Connections.Count == 0 ? null : Recompute(s);
        }
        if (changed is not null) await PublishAsync(userId, changed, null);
    }

    /// <summary>What this node publishes for the user right now: online, away, dnd or offline.</summary>
    public string StatusOf(Guid userId)
    {
        lock (_lock) return _users.TryGetValue(userId, out var s) ? s.Published : PresenceStatus.Offline;
    }

    /// <summary>Current presence of these users as this node knows it (offline ones with their last-seen time).</summary>
    public async Task<IReadOnlyList<PresenceDto>> OfAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        var live = new Dictionary<Guid, string>();
        lock (_lock)
            foreach (var id in userIds)
                if (_users.TryGetValue(id, out var s) && s.Published != PresenceStatus.Offline) live[id] = s.Published;
        var offline = userIds.Where(id => !live.ContainsKey(id)).ToList();
        var seen = new Dictionary<Guid, DateTime?>();
        if (offline.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            seen = await db.Users.AsNoTracking().Where(u => offline.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.LastSeenAt, ct);
        }
        return [.. userIds.Select(id => live.TryGetValue(id, out var status)
            ? new PresenceDto(id, status, null)
            : new PresenceDto(id, PresenceStatus.Offline, seen.GetValueOrDefault(id)))];
    }

    private State Get(Guid userId)
    {
        if (!_users.TryGetValue(userId, out var s)) _users[userId] = s = new State();
        return s;
    }

    /// <summary>Sets the published status from the state; returns it when it changed.</summary>
    private static string? Recompute(State s)
    {
        var status = s.Connections.Count == 0 ? PresenceStatus.Offline
            : s.Choice == PresenceStatus.DoNotDisturb ? PresenceStatus.DoNotDisturb
            : s.Choice == PresenceStatus.Away || s.Connections.Values.All(idle => idle) ? PresenceStatus.Away
            : PresenceStatus.Online;
        if (status == s.Published) return null;
        s.Published = status;
        return status;
    }

    private async Task GoOfflineLaterAsync(Guid userId, long generation)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Value.OfflineGraceSeconds), clock);
            lock (_lock)
            {
                if (!_users.TryGetValue(userId, out var s) || s.Generation != generation || s.Connections.Count > 0) return;
                _users.Remove(userId);
                if (s.Published == PresenceStatus.Offline) return;
            }
            var now = clock.GetUtcNow().UtcDateTime;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
                await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(x => x.SetProperty(u => u.LastSeenAt, now));
            }
            await PublishAsync(userId, PresenceStatus.Offline, now);
        }
        catch (Exception e) { if (!outage.Saw(e)) log.LogWarning(e, "Presence: going offline failed for {UserId}", userId); }
    }

    private async Task<string> LoadChoiceAsync(Guid userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        return await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PresenceChoice).FirstOrDefaultAsync() ?? "";
    }

    private async Task PublishAsync(Guid userId, string status, DateTime? lastSeenAt, IReadOnlyList<Guid>? knownRooms = null)
    {
        IReadOnlyList<Guid> rooms;
        List<Guid> friends;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            rooms = knownRooms ?? await db.RoomMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.RoomId).ToListAsync();
            friends = await db.Friendships.AsNoTracking().Where(f => f.AcceptedAt != null && (f.LowId == userId || f.HighId == userId))
                .Select(f => f.LowId == userId ? f.HighId : f.LowId).ToListAsync();
        }
        await groups.AroundUser(userId, rooms, friends).PresenceChanged(new PresenceDto(userId, status, lastSeenAt));
    }
}
