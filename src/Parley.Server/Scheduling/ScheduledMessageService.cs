using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Moderation;
using Parley.Server.Rooms;

namespace Parley.Server.Scheduling;

/// <summary>
/// Scheduling, editing and cancelling one's own messages for later; <see cref="ScheduledDispatcher"/> sends them.
/// Scheduling needs what a send needs (a member who may post here, a valid text and reply target), so a message isn't
/// written for a room its author couldn't post in; the send checks it all again when it is due.
/// </summary>
public sealed class ScheduledMessageService(
    ParleyDb db, RoomAccess access, Friends.Blocking blocking, IChatAudience groups, TimeProvider clock,
    Administration.ServerSettingsStore serverSettings, ScheduledDispatcher dispatcher)
{
    /// <summary>Pending messages per user: enough for anyone's plans, bounded for the dispatcher.</summary>
    public const int MaxPending = 100;
    /// <summary>A time "now" from a client whose clock or request lags a little is still taken.</summary>
    public static readonly TimeSpan PastSlack = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);
    /// <summary>The list also shows failed ones (until dismissed); sent ones leave it.</summary>
    public const int MaxListed = 200;

    private DbSet<ScheduledMessage> Scheduled => db.Set<ScheduledMessage>();

    public static ParleyError AlreadySent() =>
        new(409, "This message was already sent (or is being sent now).", code: ErrorCodes.AlreadySent);

    public async Task<ScheduledMessageDto> CreateAsync(Guid me, Guid roomId, ScheduleMessageRequest req, CancellationToken ct = default)
    {
        var text = MessageService.CheckText(req.Text, (await serverSettings.GetAsync(ct)).MaxMessageLength);
        var sendAt = CheckSendAt(req.SendAt);
        if (req.AlsoToRoom && req.ThreadRootId is null) throw ParleyError.Invalid("alsoToRoom", "alsoToRoom is for a reply in a thread (give threadRootId).");
        await RequireMayPostAsync(me, roomId, ct);
        if (req.ReplyToId is { } replyId && !await db.Messages.AnyAsync(m => m.Id == replyId && m.RoomId == roomId, ct))
            throw ParleyError.Invalid("replyToId", "The message replied to is not in this room.");
        var root = req.ThreadRootId is { } rootId ? await Threads.ThreadRoots.ForReplyAsync(db, roomId, rootId, ct) : null;
        if (await Scheduled.CountAsync(s => s.UserId == me && (s.State == ScheduledState.Pending || s.State == ScheduledState.Sending), ct) >= MaxPending)
            throw new ParleyError(409, $"You have {MaxPending} messages scheduled already: send or cancel some first.", code: ErrorCodes.TooManyScheduled);

        var now = Now;
        var row = new ScheduledMessage
        {
            Id = Guid.CreateVersion7(), UserId = me, RoomId = roomId, Text = text, ReplyToId = req.ReplyToId, ThreadRootId = root?.Id,
            AlsoToRoom = root is not null && req.AlsoToRoom, SendAt = sendAt, CreatedAt = now, UpdatedAt = now, State = ScheduledState.Pending,
        };
        Scheduled.Add(row);
        await db.SaveChangesAsync(ct);
        dispatcher.Nudge();
        return await AnnounceAsync(row);
    }

    /// <summary>Mine, pending (and being sent) first by time due, then failed ones; ?roomId= one conversation's.</summary>
    public async Task<List<ScheduledMessageDto>> ListAsync(Guid me, Guid? roomId, CancellationToken ct = default)
    {
        var q = Scheduled.AsNoTracking().Where(s => s.UserId == me && s.State != ScheduledState.Sent);
        if (roomId is { } r) q = q.Where(s => s.RoomId == r);
        var rows = await q.OrderBy(s => s.State == ScheduledState.Failed).ThenBy(s => s.SendAt).ThenBy(s => s.Id).Take(MaxListed).ToListAsync(ct);
        return rows.ConvertAll(ScheduledMessageDto.From);
    }

    /// <summary>New text and/or time, while not yet sent; a failed one is scheduled again (after the checks a new one takes).</summary>
    public async Task<ScheduledMessageDto> EditAsync(Guid me, Guid id, EditScheduledRequest req, CancellationToken ct = default)
    {
        if (req.Text is null && req.SendAt is null) throw ParleyError.Invalid("text", "Give text, sendAt or both.");
        var text = req.Text is null ? null : MessageService.CheckText(req.Text, (await serverSettings.GetAsync(ct)).MaxMessageLength);
        DateTime? sendAt = req.SendAt is null ? null : CheckSendAt(req.SendAt);
        var row = await FindOwnAsync(me, id, ct);
        if (!IsOpen(row.State)) throw AlreadySent();
        await RequireMayPostAsync(me, row.RoomId, ct);

        var now = Now;
        var newText = text ?? row.Text;
        var newSendAt = sendAt ?? row.SendAt;
        // Only while no dispatcher holds it: a claim taken meanwhile wins, and this edit is refused.
        var changed = await Scheduled.Where(s => s.Id == id && (s.State == ScheduledState.Pending || s.State == ScheduledState.Failed))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Text, newText).SetProperty(x => x.SendAt, newSendAt)
                .SetProperty(x => x.State, ScheduledState.Pending).SetProperty(x => x.FailureCode, (string?)null)
                .SetProperty(x => x.FailureReason, (string?)null).SetProperty(x => x.Attempts, 0).SetProperty(x => x.UpdatedAt, now), ct);
        if (changed == 0) throw AlreadySent();
        dispatcher.Nudge();
        return await AnnounceAsync(await Scheduled.AsNoTracking().FirstAsync(s => s.Id == id, ct));
    }

    /// <summary>Cancels a pending one, or dismisses a failed one: the row goes.</summary>
    public async Task CancelAsync(Guid me, Guid id, CancellationToken ct = default)
    {
        var row = await FindOwnAsync(me, id, ct);
        if (!IsOpen(row.State)) throw AlreadySent();
        var removed = await Scheduled.Where(s => s.Id == id && (s.State == ScheduledState.Pending || s.State == ScheduledState.Failed)).ExecuteDeleteAsync(ct);
        if (removed == 0) throw AlreadySent();
        await groups.ToUser(me).ScheduledChanged(new ScheduledChangedEvent(id, row.RoomId, null));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static bool IsOpen(ScheduledState state) => state is ScheduledState.Pending or ScheduledState.Failed;

    private DateTime CheckSendAt(DateTime? sendAt)
    {
        if (ZonedTime.Utc(sendAt, "sendAt") is not { } at) throw ParleyError.Invalid("sendAt", "sendAt is required (an ISO 8601 time with its offset).");
        var now = clock.GetUtcNow().UtcDateTime;
        if (at < now - PastSlack) throw ParleyError.Invalid("sendAt", "sendAt is in the past.");
        if (at > now + MaxAhead) throw ParleyError.Invalid("sendAt", "sendAt can be at most a year ahead.");
        return at;
    }

    /// <summary>A member who may post here now (not archived, read-only, timed out; in a DM, no block between the two).</summary>
    private async Task RequireMayPostAsync(Guid me, Guid roomId, CancellationToken ct)
    {
        var membership = await access.RequireMemberAsync(me, roomId, ct);
        Sanctions.RequireMayPost(membership, Now);
        if (membership.Room.Kind == RoomKind.Direct
            && await db.RoomMembers.AsNoTracking().Where(m => m.RoomId == roomId && m.UserId != me).Select(m => (Guid?)m.UserId).FirstOrDefaultAsync(ct) is { } other)
            await blocking.RequireCanSendDmAsync(me, other, ct);
    }

    /// <summary>Someone else's id answers exactly as an unknown one.</summary>
    private async Task<ScheduledMessage> FindOwnAsync(Guid me, Guid id, CancellationToken ct) =>
        await Scheduled.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.UserId == me, ct) ?? throw ParleyError.NotFound("Scheduled message");

    private async Task<ScheduledMessageDto> AnnounceAsync(ScheduledMessage row)
    {
        var dto = ScheduledMessageDto.From(row);
        await groups.ToUser(row.UserId).ScheduledChanged(new ScheduledChangedEvent(row.Id, row.RoomId, dto));
        return dto;
    }
}
