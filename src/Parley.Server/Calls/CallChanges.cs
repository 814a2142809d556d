using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;

namespace Parley.Server.Calls;

/// <summary>
/// The one way a call changes, whoever changes it (a person, a departure, the sweeper, on any node): a transaction
/// that first takes the call's row (<see cref="Call.Rev"/>) so changes to one call apply one after the other; then,
/// after the commit, the call ends if it is over (written with its line only if nothing changed since that was
/// decided) or the room hears how it is now. In an SFU call, whoever was joined before a change and isn't after it
/// (left, removed, replaced, their connection closed) is taken out of the Janus room; the end destroys the room.
/// </summary>
public sealed class CallChanges(ParleyDb db, IChatAudience audience, SendBatcher batcher, SfuParticipants sfu, IOptions<CallsOptions> options, TimeProvider clock)
{
    public enum Outcome { Ended, Unchanged, Changed }

    /// <summary>
    /// One change to a live call's participants: in a transaction that first takes the call's row (bumping its rev),
    /// then reads the participants and lets <paramref name="change"/> edit them (false: nothing to do).
    /// </summary>
    public async Task<Outcome> ChangeAsync(Guid callId, Func<Call, List<CallParticipant>, bool> change, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await db.Calls.Where(c => c.Id == callId && c.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.Rev, c => c.Rev + 1), ct) == 0)
                return Outcome.Ended;
            var call = await db.Calls.AsNoTracking().FirstAsync(c => c.Id == callId, ct);
            var rows = await db.CallParticipants.Where(p => p.CallId == callId).ToListAsync(ct);
            var joined = call.Mode == CallMode.Sfu ? rows.Where(p => p.State == ParticipantState.Joined).Select(p => (p.ParticipantId, p.ConnectionId)).ToList() : [];
            if (!change(call, rows)) return Outcome.Unchanged; // rolled back: the rev stays
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            foreach (var (participantId, connectionId) in joined)
                if (participantId is { } gone && !rows.Any(p => p.State == ParticipantState.Joined && p.ParticipantId == gone && p.ConnectionId == connectionId))
                    await sfu.DepartedAsync(callId, gone);
            return Outcome.Changed;
        }
        finally { db.ChangeTracker.Clear(); }
    }

    public void Out(CallParticipant p)
    {
        p.State = ParticipantState.Left;
        p.LeftAt = Now();
        p.ConnectionId = null;
        p.Sharing = false;
    }

    /// <summary>After a change: the call ends if it is over, else the room hears how it is now.</summary>
    public async Task SettleAsync(Guid callId, CancellationToken ct, string ringStop = "ended")
    {
        if (await TryEndAsync(callId, force: false, ringStop, ct)) return;
        var dto = await DtoAsync(callId, ct);
        if (dto.EndedAt is null) await audience.InRoom(dto.RoomId).CallUpdated(dto);
    }

    private sealed class CallChanged() : Exception("The call changed since its end was decided.");

    /// <summary>
    /// Ends the call if it is over (or <paramref name="force"/>), with its line, in one commit; true if it is over
    /// (by this or someone else). Written only if the call's rev is still the one the decision read.
    /// </summary>
    public async Task<bool> TryEndAsync(Guid callId, bool force, string ringStop, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            db.ChangeTracker.Clear();
            var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct);
            if (call is null || call.EndedAt is not null) return true;
            var rows = await db.CallParticipants.AsNoTracking().Where(p => p.CallId == callId).ToListAsync(ct);
            var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == call.RoomId, ct);
            if (CallEnding.Decide(room.Kind, call.StartedById, rows, force) is not { } reason) return false;

            var joined = rows.Where(p => p.JoinedAt is not null).OrderBy(p => p.JoinedAt).Select(p => p.UserId).ToList();
            var names = await db.Users.AsNoTracking().Where(u => joined.Contains(u.Id) || u.Id == call.StartedById)
                .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            var text = CallEnding.Line(room.Kind, names.GetValueOrDefault(call.StartedById, "someone"), CallEnding.Answered(call.StartedById, rows),
                Now() - call.StartedAt, [.. joined.Select(id => names.GetValueOrDefault(id, "someone"))]);
            var endedAt = Now();
            try
            {
                await batcher.WriteSystemLineAsync(room, call.StartedById, text, async (tx, msg, c) =>
                {
                    endedAt = msg.CreatedAt;
                    if (await tx.Calls.Where(x => x.Id == callId && x.EndedAt == null && x.Rev == call.Rev)
                            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, endedAt).SetProperty(x => x.EndReason, reason).SetProperty(x => x.Rev, x => x.Rev + 1), c) == 0)
                        throw new CallChanged();
                    await tx.CallParticipants.Where(p => p.CallId == callId && p.State == ParticipantState.Ringing)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, ParticipantState.Missed).SetProperty(p => p.ExpiresAt, (DateTime?)null), c);
                    await tx.CallParticipants.Where(p => p.CallId == callId && (p.State == ParticipantState.Joined || p.State == ParticipantState.Reconnecting))
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, ParticipantState.Left).SetProperty(p => p.LeftAt, endedAt)
                            .SetProperty(p => p.ConnectionId, (string?)null).SetProperty(p => p.ExpiresAt, (DateTime?)null).SetProperty(p => p.Sharing, false), c);
                }, ct);
            }
            catch (CallChanged) { continue; }

            await audience.InRoom(call.RoomId).CallEnded(new CallEndedEvent(callId, call.RoomId, reason.Wire(), (int)Math.Max(0, (endedAt - call.StartedAt).TotalSeconds)));
            var rung = rows.Where(p => p.State == ParticipantState.Ringing).Select(p => p.UserId).ToList();
            if (rung.Count > 0) await audience.ToUsers(rung).CallRingingStopped(new CallRingingStoppedEvent(callId, call.RoomId, ringStop));
            foreach (var p in rows.Where(p => p.State == ParticipantState.Joined && p.ConnectionId is not null))
                await audience.ToConnection(p.ConnectionId!).CallLeftHere(new CallLeftHereEvent(callId, "ended"));
            if (call.Mode == CallMode.Sfu) await sfu.CallEndedAsync(callId);
            return true;
        }
        throw ParleyError.Unavailable("The call is changing too fast; try again.", TimeSpan.FromSeconds(1));
    }

    /// <summary>Out of the call because they may no longer be in it: their connection hears "removed", their ringing stops.</summary>
    /// <returns>Whether they were in the call (or being rung) and are out now.</returns>
    public async Task<bool> RemoveAsync(Call call, Guid userId, CancellationToken ct)
    {
        string? connection = null;
        var wasRinging = false;
        var outcome = await ChangeAsync(call.Id, (_, rows) =>
        {
            var them = rows.Find(p => p.UserId == userId);
            if (them is null) return false;
            if (them.State == ParticipantState.Ringing)
            {
                wasRinging = true;
                them.State = ParticipantState.Left;
                them.LeftAt = Now();
            }
            else if (them.State.IsIn())
            {
                connection = them.ConnectionId;
                Out(them);
            }
            else return false;
            them.ExpiresAt = null;
            return true;
        }, ct);
        if (outcome != Outcome.Changed) return false;
        if (connection is not null) await audience.ToConnection(connection).CallLeftHere(new CallLeftHereEvent(call.Id, "removed"));
        if (wasRinging) await audience.ToUser(userId).CallRingingStopped(new CallRingingStoppedEvent(call.Id, call.RoomId, "ended"));
        await SettleAsync(call.Id, ct);
        return true;
    }

    public async Task<CallDto> DtoAsync(Guid callId, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().FirstAsync(c => c.Id == callId, ct);
        var rows = await db.CallParticipants.AsNoTracking().Where(p => p.CallId == callId).ToListAsync(ct);
        return CallDto.From(call, rows, options.Value.MaxParticipantsIn(call.Mode));
    }

    public DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
