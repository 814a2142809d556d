using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Notifications;
using Parley.Server.Presence;
using Parley.Server.Rooms;

namespace Parley.Server.Calls;

/// <summary>
/// "Incoming call from Alice" by Web Push to the people rung who have no connection open anywhere (those with one
/// hear CallRinging), unless they chose do-not-disturb. In the background: a call never waits on a push service.
/// </summary>
public sealed class CallPush(IServiceScopeFactory scopes, PushDelivery delivery, PresenceTracker presence, TimeProvider clock, DatabaseOutage outage,
    ILogger<CallPush> log)
{
    public void Ring(Room room, string callerName, Call call, IReadOnlyList<Guid> userIds) =>
        _ = Task.Run(() => RingAsync(room, callerName, call, userIds));

    private async Task RingAsync(Room room, string callerName, Call call, IReadOnlyList<Guid> userIds)
    {
        try
        {
            var connected = await presence.ConnectedSinceAsync(userIds, clock.GetUtcNow().UtcDateTime);
            var ids = userIds.Where(id => !connected.Contains(id)).ToList();
            if (ids.Count == 0) return;
            List<PushSubscription> subs;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
                subs = await db.PushSubscriptions.AsNoTracking()
                    .Where(s => ids.Contains(s.UserId) && db.Users.Any(u => u.Id == s.UserId && u.PresenceChoice != PresenceStatus.DoNotDisturb))
                    .ToListAsync();
            }
            if (subs.Count == 0) return;
            var body = (call.Video ? "Video call" : "Voice call") + (room.Kind.IsDm() ? "" : $" in #{room.Name}");
            // MessageId carries the call's id: the service worker opens the conversation, where the call is.
            var payload = JsonSerializer.SerializeToUtf8Bytes(new PushMessage($"Incoming call from {callerName}", body, room.Id, call.Id, 0), JsonSerializerOptions.Web);
            await Task.WhenAll(subs.Select(s => delivery.SendAsync(s, payload, CancellationToken.None)));
        }
        catch (Exception e) { if (!outage.Saw(e)) log.LogWarning(e, "Pushing the ring of call {Call} failed", call.Id); }
    }
}
