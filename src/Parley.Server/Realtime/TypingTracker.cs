using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Parley.Server.Events;

namespace Parley.Server.Realtime;

/// <summary>
/// Typing indicators: in memory only, never stored. A user's Typing calls are broadcast at most once per
/// <see cref="Throttle"/>; without a refresh for <see cref="Expiry"/> the server announces TypingStopped.
/// </summary>
public sealed class TypingTracker(IHubContext<ChatHub, IChatClient> hub, TimeProvider clock, ILogger<TypingTracker> log) : BackgroundService
{
    public static readonly TimeSpan Throttle = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(5);

    private sealed class Entry(string userName, DateTimeOffset at)
    {
        public string UserName { get; } = userName;
        public DateTimeOffset LastBroadcast { get; set; } = at;
        public DateTimeOffset LastSeen { get; set; } = at;
    }

    private readonly ConcurrentDictionary<(Guid Room, Guid User), Entry> _typing = new();

    /// <summary>True when the call should be broadcast now (first call, or the throttle window has passed).</summary>
    public bool Touch(Guid roomId, Guid userId, string userName)
    {
        var now = clock.GetUtcNow();
        var entry = _typing.GetOrAdd((roomId, userId), _ => new Entry(userName, DateTimeOffset.MinValue));
        lock (entry)
        {
            entry.LastSeen = now;
            if (now - entry.LastBroadcast < Throttle) return false;
            entry.LastBroadcast = now;
            return true;
        }
    }

    public Task StopAsync(Guid roomId, Guid userId) =>
        _typing.TryRemove((roomId, userId), out var e)
            ? hub.Clients.Group(ChatGroups.Room(roomId)).TypingStopped(new TypingEvent(roomId, userId, e.UserName))
            : Task.CompletedTask;

    /// <summary>Forgets a refused typing call without telling anyone (the caller may not see the room).</summary>
    public Task StopAsyncQuietly(Guid roomId, Guid userId)
    {
        _typing.TryRemove((roomId, userId), out _);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            foreach (var (key, entry) in _typing)
            {
                if (now - entry.LastSeen < Expiry) continue;
                try { await StopAsync(key.Room, key.User); }
                catch (Exception e) { log.LogWarning(e, "Could not announce the end of typing in {Room}", key.Room); }
            }
        }
    }
}
