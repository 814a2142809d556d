using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Moderation;
using Parley.Server.Rooms;

namespace Parley.Server.Polls;

/// <summary>
/// Votes and closing. Each change takes the room's next rev for the poll's message (like a reaction or a pin), so
/// pages and catch-up carry the new results; after the commit the room hears PollChanged (counts, voters unless
/// anonymous, never anyone's own choice) and a voter's own connections PollVoted (their choice, for every tab).
/// </summary>
public sealed class PollService(ParleyDb db, RoomAccess access, Friends.Blocking blocking, IChatAudience groups, TimeProvider clock)
{
    public static ParleyError Closed() => new(409, "This poll is closed.", code: ErrorCodes.PollClosed);

    /// <summary>Sets the caller's whole choice (empty: takes the vote back). Choosing what one has already changes nothing.</summary>
    public async Task<PollChangedEvent> VoteAsync(Guid me, Guid messageId, VotePollRequest req, CancellationToken ct = default)
    {
        var chosen = req.Options ?? throw ParleyError.Invalid("options", "options is required: the option ids you choose (empty takes your vote back).");
        if (chosen.Distinct().Count() != chosen.Count) throw ParleyError.Invalid("options", "The same option is listed twice.");
        var (message, poll, membership) = await RequirePollAsync(me, messageId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Sanctions.RequireMayWrite(membership, now);
        await blocking.RequireMayWriteAsync(membership, ct);
        var options = await OptionsAsync(messageId, ct);
        if (chosen.Any(id => options.All(o => o.Id != id))) throw ParleyError.Invalid("options", "An option is not one of this poll's.");
        if (!poll.Multiple && chosen.Count > 1) throw ParleyError.Invalid("options", "This poll takes one choice at most.");
        if (IsClosed(poll, now)) throw Closed();
        var had = await db.Set<PollVote>().AsNoTracking().Where(v => v.MessageId == messageId && v.UserId == me).Select(v => v.OptionId).ToListAsync(ct);
        if (had.ToHashSet().SetEquals(chosen)) return await CurrentAsync(me, message.RoomId, messageId, ct);

        PollDto results;
        long rev;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The room's row is held from here to the commit: a close or a delete of this poll waits, or came first.
            rev = await RoomSequence.NextRevAsync(db, message.RoomId, ct);
            var current = await db.Set<Poll>().AsNoTracking().FirstOrDefaultAsync(p => p.MessageId == messageId, ct) ?? throw ParleyError.NotFound("Poll");
            if (IsClosed(current, now)) throw Closed();
            await db.Set<PollVote>().Where(v => v.MessageId == messageId && v.UserId == me).ExecuteDeleteAsync(ct);
            db.AddRange(chosen.Select(id => new PollVote { MessageId = messageId, OptionId = id, UserId = me, VotedAt = now }));
            await db.SaveChangesAsync(ct);
            await db.Messages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Rev, rev), ct);
            results = await PollResults.OneAsync(db, current, options, reader: null, ct);
            await tx.CommitAsync(ct);
        }
        var mine = PollResults.ChoiceOf(me, options, [.. chosen.Select(id => new PollVote { OptionId = id, UserId = me })]);
        await groups.InRoom(message.RoomId).PollChanged(new PollChangedEvent(message.RoomId, rev, messageId, results));
        await groups.ToUser(me).PollVoted(new PollVotedEvent(message.RoomId, rev, messageId, mine));
        return new PollChangedEvent(message.RoomId, rev, messageId, results with { Mine = mine });
    }

    /// <summary>Closes the poll for good: its author, or ClosePolls in its room (moderators). Closing a closed poll changes nothing.</summary>
    public async Task<PollChangedEvent> CloseAsync(Guid me, Guid messageId, CancellationToken ct = default)
    {
        var (message, poll, membership) = await RequirePollAsync(me, messageId, ct);
        if (message.SenderId != me) PermissionTable.Require(Permission.ClosePolls, membership.ServerRole, membership.Member.Role);
        Sanctions.RequireMayWrite(membership, clock.GetUtcNow().UtcDateTime);
        await blocking.RequireMayWriteAsync(membership, ct);
        // Closed already, or by someone else meanwhile (null): the answer is the poll as it stands either way.
        if (poll.ClosedAt is null) await CloseOnceAsync(message.RoomId, messageId, clock.GetUtcNow().UtcDateTime, ct);
        return await CurrentAsync(me, message.RoomId, messageId, ct);
    }

    /// <summary>
    /// Closes polls whose time has come (<see cref="PollSweeper"/>), dated at their close time. Each close is conditional,
    /// so nodes sweeping at once close each poll once.
    /// </summary>
    public async Task<int> CloseDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await (from p in db.Set<Poll>()
                         where p.ClosedAt == null && p.ClosesAt != null && p.ClosesAt <= now
                         join m in db.Messages on p.MessageId equals m.Id
                         orderby p.ClosesAt
                         select new { p.MessageId, m.RoomId, p.ClosesAt }).AsNoTracking().Take(100).ToListAsync(ct);
        var closed = 0;
        foreach (var d in due)
            if (await CloseOnceAsync(d.RoomId, d.MessageId, d.ClosesAt!.Value, ct) is not null) closed++;
        return closed;
    }

    /// <summary>When the next open poll closes by itself, if one does (the sweeper sleeps until then).</summary>
    public Task<DateTime?> NextCloseAsync(CancellationToken ct = default) =>
        (from p in db.Set<Poll>()
         where p.ClosedAt == null && p.ClosesAt != null
         join m in db.Messages on p.MessageId equals m.Id
         select p.ClosesAt).MinAsync(ct);

    /// <summary>The one way a poll closes: only if still open (else null, nothing written), with the message's next rev; then PollChanged.</summary>
    private async Task<PollChangedEvent?> CloseOnceAsync(Guid roomId, Guid messageId, DateTime at, CancellationToken ct)
    {
        PollChangedEvent closed;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var rev = await RoomSequence.NextRevAsync(db, roomId, ct);
            var changed = await db.Set<Poll>().Where(p => p.MessageId == messageId && p.ClosedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ClosedAt, at), ct);
            if (changed == 0) return null; // closed or deleted meanwhile: the rev taken is rolled back
            await db.Messages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Rev, rev), ct);
            var poll = await db.Set<Poll>().AsNoTracking().FirstAsync(p => p.MessageId == messageId, ct);
            closed = new PollChangedEvent(roomId, rev, messageId, await PollResults.OneAsync(db, poll, await OptionsAsync(messageId, ct), reader: null, ct));
            await tx.CommitAsync(ct);
        }
        await groups.InRoom(roomId).PollChanged(closed);
        return closed;
    }

    /// <summary>A poll in a room the caller is a member of; 404 for a message they can't see, a deleted one, or one without a poll.</summary>
    private async Task<(Message, Poll, RoomAccess.Membership)> RequirePollAsync(Guid me, Guid messageId, CancellationToken ct)
    {
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == messageId, ct) ?? throw ParleyError.NotFound("Message");
        var membership = await access.RequireMemberAsync(me, message.RoomId, ct);
        if (message.DeletedAt is not null || !message.HasPoll) throw ParleyError.NotFound("Poll");
        var poll = await db.Set<Poll>().AsNoTracking().FirstOrDefaultAsync(p => p.MessageId == messageId, ct) ?? throw ParleyError.NotFound("Poll");
        return (message, poll, membership);
    }

    private Task<List<PollOption>> OptionsAsync(Guid messageId, CancellationToken ct) =>
        db.Set<PollOption>().AsNoTracking().Where(o => o.MessageId == messageId).OrderBy(o => o.Position).ToListAsync(ct);

    /// <summary>The poll as stored now, with the caller's choice and its message's rev (an answer that changed nothing).</summary>
    private async Task<PollChangedEvent> CurrentAsync(Guid me, Guid roomId, Guid messageId, CancellationToken ct)
    {
        var rev = await db.Messages.AsNoTracking().Where(m => m.Id == messageId).Select(m => m.Rev).FirstAsync(ct);
        var poll = await db.Set<Poll>().AsNoTracking().FirstOrDefaultAsync(p => p.MessageId == messageId, ct) ?? throw ParleyError.NotFound("Poll");
        return new PollChangedEvent(roomId, rev, messageId, await PollResults.OneAsync(db, poll, await OptionsAsync(messageId, ct), me, ct));
    }

    /// <summary>Closed by hand or by the sweeper, or past its close time (the sweeper may not have run yet).</summary>
    private static bool IsClosed(Poll poll, DateTime now) => poll.ClosedAt is not null || poll.ClosesAt <= now;
}
