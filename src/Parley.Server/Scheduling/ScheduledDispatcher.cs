using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;

namespace Parley.Server.Scheduling;

/// <summary>
/// Sends scheduled messages when they are due, on every node. It sleeps until the next one is due (a create or an
/// edit on this node wakes it: <see cref="DeadlineLoop"/>), then claims each due row
/// with a conditional UPDATE (pending → sending, with a lease), so one dispatcher sends it, and sends it through
/// <see cref="MessageService.SendAsync"/> as its author with the client id "scheduled:{id}". A node that dies
/// mid-send leaves a claim whose lease runs out; whoever takes it again sends with the same client id and gets the
/// stored message back if the first send went through, so a scheduled message becomes one message whatever happens.
/// </summary>
public sealed class ScheduledDispatcher(IServiceScopeFactory scopes, TimeProvider clock, DatabaseOutage outage, ILogger<ScheduledDispatcher> log)
    : DeadlineLoop(clock, outage, log)
{
    /// <summary>How long a claim holds: far above a send's time, so a live dispatcher never loses one it is using.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    /// <summary>Claims of one message that ended in an unexpected error (not an outage): then it is failed.</summary>
    public const int MaxAttempts = 5;
    public const int Batch = 50;
    /// <summary>Sent ones are kept a day (so a late edit or cancel is told "already sent"), failed ones a month.</summary>
    public static readonly TimeSpan KeepSent = TimeSpan.FromDays(1), KeepFailed = TimeSpan.FromDays(30);
    /// <summary>The failure code of a message whose author closed their account before it was due.</summary>
    public const string AccountClosed = "account_closed";

    public static string ClientMessageId(Guid scheduledId) => $"scheduled:{scheduledId}";

    private DateTime _prunedAt;

    protected override string RoundFailed => "Sending scheduled messages failed; trying again shortly";

    protected override Task<DateTime?> RoundAsync(CancellationToken ct) => DispatchDueAsync(ct);

    /// <summary>Sends what is due now (one batch); returns when the next pending one is due, if any.</summary>
    public async Task<DateTime?> DispatchDueAsync(CancellationToken ct = default)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await PruneAsync(db, now, ct);
            due = await Due(db.Set<ScheduledMessage>(), now).OrderBy(s => s.SendAt).Select(s => s.Id).Take(Batch).ToListAsync(ct);
        }
        foreach (var id in due)
        {
            ct.ThrowIfCancellationRequested();
            await using var scope = scopes.CreateAsyncScope();
            if (await TryClaimAsync(scope.ServiceProvider.GetRequiredService<ParleyDb>(), id, now, ct)) await SendAsync(scope.ServiceProvider, id, ct);
        }
        if (due.Count == Batch) return now; // more are due: go on at once
        await using (var scope = scopes.CreateAsyncScope())
            return await scope.ServiceProvider.GetRequiredService<ParleyDb>().Set<ScheduledMessage>()
                .Where(s => s.State == ScheduledState.Pending).MinAsync(s => (DateTime?)s.SendAt, ct);
    }

    private static IQueryable<ScheduledMessage> Due(IQueryable<ScheduledMessage> rows, DateTime now) => rows.Where(s =>
        (s.State == ScheduledState.Pending && s.SendAt <= now) || (s.State == ScheduledState.Sending && s.ClaimedUntil < now));

    /// <summary>The claim: whichever dispatcher's UPDATE changes the row sends it; the others change nothing.</summary>
    private static async Task<bool> TryClaimAsync(ParleyDb db, Guid id, DateTime now, CancellationToken ct) =>
        await Due(db.Set<ScheduledMessage>().Where(s => s.Id == id), now).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.State, ScheduledState.Sending).SetProperty(x => x.ClaimedUntil, now + Lease)
            .SetProperty(x => x.Attempts, x => x.Attempts + 1), ct) == 1;

    private async Task SendAsync(IServiceProvider services, Guid id, CancellationToken ct)
    {
        var db = services.GetRequiredService<ParleyDb>();
        var row = await db.Set<ScheduledMessage>().AsNoTracking().FirstAsync(s => s.Id == id, ct);
        var cmid = ClientMessageId(id);
        try
        {
            if (row.Attempts > MaxAttempts)
            {
                await FinishAsync(services, row, null, ErrorCodes.ServerError, "It could not be sent: the server failed each time it tried.");
                return;
            }
            if (await db.Users.AsNoTracking().AnyAsync(u => u.Id == row.UserId && u.DeactivatedAt != null, ct))
            {
                await FinishAsync(services, row, null, AccountClosed, "Your account was closed before it was due.");
                return;
            }
            var (message, _) = await services.GetRequiredService<MessageService>().SendAsync(row.UserId, row.RoomId,
                new SendMessageRequest(cmid, row.Text, row.ReplyToId, null, row.ThreadRootId, row.AlsoToRoom), ct);
            await FinishAsync(services, row, message.Id, null, null);
        }
        catch (ParleyError e) when (e.Status is 429 or 503)
        {
            // Slow mode, the database or the server going away: the claim is kept until the wait is over, then taken again.
            await HoldAsync(db, id, Clock.GetUtcNow().UtcDateTime + (e.RetryAfter ?? SafetyInterval));
        }
        catch (ParleyError e)
        {
            // The author may no longer post there (left, removed, banned, archived, a block …), unless an earlier try of
            // this very send went through before it was recorded: that one is the message.
            var stored = await db.Messages.AsNoTracking().Where(m => m.SenderId == row.UserId && m.ClientMessageId == cmid).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(CancellationToken.None);
            await FinishAsync(services, row, stored, stored is null ? e.Code : null, stored is null ? e.Message : null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: let the next dispatcher (this one restarted, or another node) take it at once. Sending it again is
            // safe: the client id finds what this one may have stored.
            await ReleaseAsync(id);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // An outage (or a bug) mid-send: the claim runs out and it is tried again, at most MaxAttempts times.
            if (!Outage.Saw(e)) Log.LogWarning(e, "Sending scheduled message {Id} failed (attempt {Attempt})", id, row.Attempts);
        }
    }

    private static Task<int> HoldAsync(ParleyDb db, Guid id, DateTime until) =>
        db.Set<ScheduledMessage>().Where(s => s.Id == id && s.State == ScheduledState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedUntil, until).SetProperty(x => x.Attempts, x => x.Attempts - 1), CancellationToken.None);

    private async Task ReleaseAsync(Guid id)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await HoldAsync(scope.ServiceProvider.GetRequiredService<ParleyDb>(), id, Clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (DatabaseOutage.IsOutage(e)) { } // its lease runs out instead
    }

    /// <summary>Sent (with the message it became) or failed (with why), then the author's tabs hear of it.</summary>
    private async Task FinishAsync(IServiceProvider services, ScheduledMessage row, Guid? messageId, string? failureCode, string? failureReason)
    {
        var db = services.GetRequiredService<ParleyDb>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var state = messageId is null ? ScheduledState.Failed : ScheduledState.Sent;
        if (failureReason?.Length > 500) failureReason = failureReason[..500];
        var changed = await db.Set<ScheduledMessage>().Where(s => s.Id == row.Id && s.State == ScheduledState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, state).SetProperty(x => x.MessageId, messageId)
                .SetProperty(x => x.FailureCode, failureCode).SetProperty(x => x.FailureReason, failureReason)
                .SetProperty(x => x.ClaimedUntil, (DateTime?)null).SetProperty(x => x.UpdatedAt, now), CancellationToken.None);
        if (changed == 0) return; // finished by another dispatcher whose claim this one outlived
        if (messageId is null) Log.LogInformation("Scheduled message {Id} could not be sent: {Code}", row.Id, failureCode);
        var done = await db.Set<ScheduledMessage>().AsNoTracking().FirstAsync(s => s.Id == row.Id, CancellationToken.None);
        await services.GetRequiredService<IChatAudience>().ToUser(row.UserId)
            .ScheduledChanged(new ScheduledChangedEvent(row.Id, row.RoomId, ScheduledMessageDto.From(done)));
    }

    /// <summary>Hourly: sent rows past <see cref="KeepSent"/> and failed ones past <see cref="KeepFailed"/> go.</summary>
    private async Task PruneAsync(ParleyDb db, DateTime now, CancellationToken ct)
    {
        if (now - _prunedAt < TimeSpan.FromHours(1)) return;
        _prunedAt = now;
        DateTime sentBefore = now - KeepSent, failedBefore = now - KeepFailed;
        await db.Set<ScheduledMessage>().Where(s => (s.State == ScheduledState.Sent && s.UpdatedAt < sentBefore)
            || (s.State == ScheduledState.Failed && s.UpdatedAt < failedBefore)).ExecuteDeleteAsync(ct);
    }
}
