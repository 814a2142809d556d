using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Realtime;

namespace Parley.Server.Presence;

public static class PresenceStatus
{
    public const string Online = "online", Away = "away", DoNotDisturb = "dnd", Offline = "offline";

    /// <summary>The status of someone with at least one connection open (RedisPresenceStore's script says the same in Lua).</summary>
    public static string Of(string choice, bool allIdle) =>
        choice == DoNotDisturb ? DoNotDisturb : choice == Away || allIdle ? Away : Online;
}

/// <summary>Someone's presence as others see it; lastSeenAt is set when offline (null if never seen).</summary>
public sealed record PresenceDto(Guid UserId, string Status, DateTime? LastSeenAt);

/// <summary>
/// Who is online, from the person's hub connections on every node (<see cref="IPresenceStore"/>): online while any
/// connection is open and not idle, away when all are idle or by the person's choice, dnd by choice, offline a grace
/// period after the last connection closed (so a quick reconnect doesn't flap). Changes go to the person's rooms,
/// friends and their own connections, nobody else.
/// </summary>
public sealed class PresenceTracker(IServiceScopeFactory scopes, ChatGroups groups, IPresenceStore store, IOptions<PresenceOptions> options,
    TimeProvider clock, Data.DatabaseOutage outage, ILogger<PresenceTracker> log)
{
    // A grace timer may fire a hair before the clock shows the full period: it still counts as run out.
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(250);

    /// <param name="rooms">The user's rooms, which the hub has just read to join their groups.</param>
    public async Task ConnectedAsync(Guid userId, string connectionId, IReadOnlyList<Guid> rooms)
    {
        var change = await store.ConnectedAsync(userId, connectionId, null);
        // The stored choice is read only when the store holds nothing for the user: a second tab costs no query.
        if (change.NeedsChoice) change = await store.ConnectedAsync(userId, connectionId, await StoredChoiceAsync(userId));
        await ApplyAsync(userId, change, rooms);
    }

    public async Task DisconnectedAsync(Guid userId, string connectionId) =>
        await ApplyAsync(userId, await store.DisconnectedAsync(userId, connectionId));

    /// <summary>The client says whether this tab has seen no activity for a while (its idle timer).</summary>
    public async Task SetIdleAsync(Guid userId, string connectionId, bool idle) =>
        await ApplyAsync(userId, await store.SetIdleAsync(userId, connectionId, idle));

    /// <summary>The person's own choice, kept across sessions: automatic (online/away by activity), away, or dnd.</summary>
    public async Task SetChoiceAsync(Guid userId, string choice)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(x => x.SetProperty(u => u.PresenceChoice, choice));
        }
        await ApplyAsync(userId, await store.SetChoiceAsync(userId, choice));
    }

    /// <summary>What is published for each of these users right now, whichever node they are connected to.</summary>
    public Task<IReadOnlyDictionary<Guid, string>> StatusesAsync(IReadOnlyCollection<Guid> userIds) => store.StatusesAsync(userIds);

    /// <summary>Of these users, those who had a connection open, on any node, at some moment since then.</summary>
    public Task<IReadOnlySet<Guid>> ConnectedSinceAsync(IReadOnlyCollection<Guid> userIds, DateTime since) => store.ConnectedSinceAsync(userIds, since);

    /// <summary>Current presence of these users (offline ones with their last-seen time).</summary>
    public async Task<IReadOnlyList<PresenceDto>> OfAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        var statuses = await store.StatusesAsync(userIds);
        var offline = userIds.Where(id => statuses.GetValueOrDefault(id, PresenceStatus.Offline) == PresenceStatus.Offline).ToList();
        var seen = new Dictionary<Guid, DateTime?>();
        if (offline.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            seen = await db.Users.AsNoTracking().Where(u => offline.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.LastSeenAt, ct);
        }
        return [.. userIds.Select(id => statuses.GetValueOrDefault(id, PresenceStatus.Offline) is var status && status != PresenceStatus.Offline
            ? new PresenceDto(id, status, null)
            : new PresenceDto(id, PresenceStatus.Offline, seen.GetValueOrDefault(id)))];
    }

    /// <summary>Publishes what a change did: the new status, or offline at once (a stopped node's users); starts the grace period when no connection is left.</summary>
    public async Task ApplyAsync(Guid userId, PresenceChange change, IReadOnlyList<Guid>? rooms = null)
    {
        if (change.Published == PresenceStatus.Offline) await WentOfflineAsync(userId);
        else if (change.Published is { } status) await PublishAsync(userId, status, null, rooms);
        else if (change.NoneLeft) _ = GoOfflineLaterAsync(userId);
    }

    public async Task<string> StoredChoiceAsync(Guid userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        return await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PresenceChoice).FirstOrDefaultAsync() ?? "";
    }

    private async Task GoOfflineLaterAsync(Guid userId)
    {
        try
        {
            var grace = TimeSpan.FromSeconds(options.Value.OfflineGraceSeconds);
            await Task.Delay(grace, clock);
            // Any connection opened since, or closed later (whose own timer is running), keeps them present.
            if (await store.ExpireAsync(userId, grace > TimerSlack ? grace - TimerSlack : TimeSpan.Zero)) await WentOfflineAsync(userId);
        }
        catch (Exception e) { if (!outage.Saw(e)) log.LogWarning(e, "Presence: going offline failed for {UserId}", userId); }
    }

    private async Task WentOfflineAsync(Guid userId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(x => x.SetProperty(u => u.LastSeenAt, now));
        }
        await PublishAsync(userId, PresenceStatus.Offline, now);
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
