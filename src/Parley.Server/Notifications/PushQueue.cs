using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Rooms;
using Parley.Server.Settings;

namespace Parley.Server.Notifications;

/// <summary>What a push says (JSON, encrypted). Kept small: push services carry about 4 KB.</summary>
public sealed record PushMessage(string Title, string Body, Guid RoomId, Guid MessageId, long Seq);

/// <summary>
/// A new message that may notify members of its conversation. Reached: the people it mentions (by name, @here or
/// @room). SentAt is when it was broadcast.
/// </summary>
public sealed record PushRequest(Guid RoomId, RoomKind RoomKind, string RoomName, Guid SenderId, Guid MessageId, long Seq, string Text,
    int FileCount, IReadOnlyList<Guid> Reached, DateTime SentAt)
{
    public PushRequest(Room room, Guid senderId, Guid messageId, long seq, string text, int fileCount, IReadOnlyList<Guid> reached, DateTime sentAt)
        : this(room.Id, room.Kind, room.Name, senderId, messageId, seq, text, fileCount, reached, sentAt) { }
}

/// <summary>
/// Notifications for people who are not connected, sent in the background so a send never waits on a push service:
/// the message path only drops a request in this queue. Recipients are chosen when it is taken out: members with a
/// device, whose notification level asks for it (DMs: every message; rooms: mentions, unless set otherwise), who
/// did not block the sender, are not in do-not-disturb, and had no live connection since it was sent.
/// </summary>
public sealed class PushQueue(IServiceScopeFactory scopes, PushDelivery delivery, Presence.PresenceTracker presence, TimeProvider clock,
    Data.DatabaseOutage outage, ILogger<PushQueue> log, Administration.ServerSettingsStore serverSettings) : BackgroundService
{
    private const int MaxInFlight = 32;
    private const int MaxBodyChars = 200;
    private const string PrivateBody = "New message";
    private static readonly TimeSpan SubscriptionRecount = TimeSpan.FromMinutes(1);
    private readonly Channel<PushRequest> _queue =
        Channel.CreateBounded<PushRequest>(new BoundedChannelOptions(10_000) { SingleReader = true });
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);
    // With no device registered anywhere (a fresh install, a benchmark) a message costs no query at all.
    private volatile bool _anySubscriptions = true;
    private DateTime _countedAt = DateTime.MinValue;

    /// <summary>Queues the notification of a new message; false when the queue is full and it was dropped.</summary>
    public bool Enqueue(PushRequest request)
    {
        if (_queue.Writer.TryWrite(request)) return true;
        log.LogWarning("Push queue full: the notification of message {Id} was dropped", request.MessageId);
        return false;
    }

    public void SubscriptionAdded() => _anySubscriptions = true;

    /// <summary>Notifications waiting to be fanned out (a metric).</summary>
    public int Depth => _queue.Reader.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try { await FanOutAsync(request, stoppingToken); }
            // Only shutdown ends the worker: a push service's timeout is an OperationCanceledException too.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Push fan-out failed"); }
        }
    }

    private async Task FanOutAsync(PushRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(PushSubscription Sub, bool Preview)> targets;
        string title;
        if (!_anySubscriptions && now - _countedAt < SubscriptionRecount) return;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            if (now - _countedAt >= SubscriptionRecount)
            {
                _anySubscriptions = await db.PushSubscriptions.AnyAsync(ct);
                _countedAt = now;
                if (!_anySubscriptions) return;
            }

            var isDm = request.RoomKind.IsDm();
            var reached = request.Reached;
            // "default" in a room is what the server's admins chose (mentions unless changed); in DMs every message.
            var roomDefault = (await serverSettings.GetAsync(ct)).DefaultNotificationLevel;
            var defaultAll = isDm || roomDefault == NotificationLevel.All;
            var defaultMuted = !isDm && roomDefault == NotificationLevel.None;
            var wanted = await db.RoomMembers.AsNoTracking()
                .Where(m => m.RoomId == request.RoomId && m.UserId != request.SenderId && m.NotificationLevel != NotificationLevel.None
                            && !(defaultMuted && m.NotificationLevel == NotificationLevel.Default)
                            && (m.NotificationLevel == NotificationLevel.All || (defaultAll && m.NotificationLevel == NotificationLevel.Default) || reached.Contains(m.UserId)))
                .Where(m => db.PushSubscriptions.Any(s => s.UserId == m.UserId))
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.PresenceChoice })
                .ToListAsync(ct);
            // Anyone connected (to any node) when it was broadcast, or since, has it already.
            var ids = wanted.Where(w => w.PresenceChoice != Presence.PresenceStatus.DoNotDisturb).Select(w => w.Id).ToList();
            if (ids.Count == 0) return;
            var saw = await presence.ConnectedSinceAsync(ids, request.SentAt);
            ids.RemoveAll(saw.Contains);
            if (ids.Count == 0) return;
            var blockers = await scope.ServiceProvider.GetRequiredService<Friends.Blocking>().BlockersOfAsync(request.SenderId, ids, ct);
            var prefs = await scope.ServiceProvider.GetRequiredService<SettingsStore>().ForAsync(ids, ct);
            ids.RemoveAll(id => blockers.Contains(id) || DndWindow.Covers(prefs[id], now));
            if (ids.Count == 0) return;
            var subs = await db.PushSubscriptions.AsNoTracking().Where(s => ids.Contains(s.UserId)).ToListAsync(ct);
            targets = subs.Select(s => (s, prefs[s.UserId].NotificationPreview)).ToList();
            var sender = await db.Users.AsNoTracking().Where(u => u.Id == request.SenderId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "Someone";
            title = request.RoomKind is RoomKind.Public or RoomKind.Private ? $"{sender} in #{request.RoomName}" : sender;
        }

        byte[]? full = null, hidden = null;
        foreach (var (sub, preview) in targets)
        {
            var payload = preview
                ? full ??= Serialize(new PushMessage(title, Preview(request), request.RoomId, request.MessageId, request.Seq))
                : hidden ??= Serialize(new PushMessage(title, PrivateBody, request.RoomId, request.MessageId, request.Seq));
            await _inFlight.WaitAsync(ct);
            _ = Task.Run(async () =>
            {
                try { await delivery.SendAsync(sub, payload, ct); }
                catch (Exception e) when (!ct.IsCancellationRequested) { log.LogWarning(e, "Push to subscription {Id} failed", sub.Id); }
                finally { _inFlight.Release(); }
            }, ct);
        }
    }

    private static byte[] Serialize(PushMessage m) => JsonSerializer.SerializeToUtf8Bytes(m, JsonSerializerOptions.Web);

    private static string Preview(PushRequest r)
    {
        if (r.Text.Length == 0) return r.FileCount == 1 ? "sent a file" : $"sent {r.FileCount} files";
        if (r.Text.Length <= MaxBodyChars) return r.Text;
        var cut = char.IsHighSurrogate(r.Text[MaxBodyChars - 1]) ? MaxBodyChars - 1 : MaxBodyChars;
        return r.Text[..cut] + "…";
    }
}
