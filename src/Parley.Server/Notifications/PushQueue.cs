using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Realtime;

namespace Parley.Server.Notifications;

/// <summary>What a push says (JSON, encrypted). Kept small: push services carry about 4 KB.</summary>
public sealed record PushMessage(string Title, string Body, Guid RoomId, Guid MessageId, long Seq);

/// <summary>A new message that may notify the other members of its conversation; SentAt is when it was broadcast.</summary>
public sealed record PushRequest(Guid RoomId, Guid SenderId, Guid MessageId, long Seq, string Text, int FileCount, DateTime SentAt);

/// <summary>
/// Notifications for people who are not connected, sent in the background so a send never waits on a push service:
/// the message path only drops a request in this queue. Recipients are looked up when it is taken out, and anyone with
/// a live connection (who saw the message as it came) is skipped.
/// </summary>
public sealed class PushQueue(IServiceScopeFactory scopes, PushDelivery delivery, ConnectionRegistry connections, ILogger<PushQueue> log)
    : BackgroundService
{
    private const int MaxInFlight = 32;
    private const int MaxBodyChars = 200;
    private readonly Channel<PushRequest> _queue =
        Channel.CreateBounded<PushRequest>(new BoundedChannelOptions(10_000) { SingleReader = true });
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);

    /// <summary>Queues the notification of a new message; false when the queue is full and it was dropped.</summary>
    public bool Enqueue(PushRequest request)
    {
        if (_queue.Writer.TryWrite(request)) return true;
        log.LogWarning("Push queue full: the notification of message {Id} was dropped", request.MessageId);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                List<PushSubscription> subscriptions;
                PushMessage message;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
                    subscriptions = await db.PushSubscriptions.AsNoTracking()
                        .Where(s => s.UserId != request.SenderId && db.RoomMembers.Any(m => m.RoomId == request.RoomId && m.UserId == s.UserId))
                        .ToListAsync(stoppingToken);
                    // Anyone connected when it was broadcast, or since, has it already.
                    subscriptions.RemoveAll(s => connections.ConnectedSince(s.UserId, request.SentAt));
                    if (subscriptions.Count == 0) continue;
                    var sender = await db.Users.AsNoTracking().Where(u => u.Id == request.SenderId).Select(u => u.DisplayName).FirstOrDefaultAsync(stoppingToken);
                    message = new PushMessage(sender ?? "Someone", Preview(request), request.RoomId, request.MessageId, request.Seq);
                }
                var payload = JsonSerializer.SerializeToUtf8Bytes(message, JsonSerializerOptions.Web);
                foreach (var sub in subscriptions)
                {
                    await _inFlight.WaitAsync(stoppingToken);
                    _ = Task.Run(async () =>
                    {
                        try { await delivery.SendAsync(sub, payload, stoppingToken); }
                        catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Push to subscription {Id} failed", sub.Id); }
                        finally { _inFlight.Release(); }
                    }, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Push fan-out failed"); }
        }
    }

    private static string Preview(PushRequest r)
    {
        if (r.Text.Length == 0) return r.FileCount == 1 ? "sent a file" : $"sent {r.FileCount} files";
        if (r.Text.Length <= MaxBodyChars) return r.Text;
        var cut = char.IsHighSurrogate(r.Text[MaxBodyChars - 1]) ? MaxBodyChars - 1 : MaxBodyChars;
        return r.Text[..cut] + "…";
    }
}
