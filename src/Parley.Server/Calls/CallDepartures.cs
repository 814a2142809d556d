using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Events;

namespace Parley.Server.Calls;

/// <summary>
/// What takes people out of calls without their asking: leaving the room, a kick or ban, a closed account (out at
/// once), a dropped connection (reconnecting for the grace), and the sweeper's expiries (ringing and graces run out).
/// </summary>
public sealed class CallDepartures(ParleyDb db, CallChanges changes, IChatAudience audience, CallConnections here, IOptions<CallsOptions> options, DatabaseOutage outage,
    RingSweeper sweeper, ILogger<CallDepartures> log)
{
    /// <summary>After someone is out of a room (left, kicked, banned): out of its call at once.</summary>
    public async Task LeftRoomAsync(Guid userId, Guid roomId, CancellationToken ct = default)
    {
        try
        {
            var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.RoomId == roomId && c.EndedAt == null, ct);
            if (call is not null) await changes.RemoveAsync(call, userId, ct);
        }
        // The departure itself is committed; signalling checks membership too, so a failure here lets nobody in.
        catch (Exception e) when (!ct.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Taking {User} out of the call in room {Room} failed", userId, roomId); }
    }

    /// <summary>Before a room is deleted: its call ends for everyone in it.</summary>
    public async Task EndInRoomAsync(Guid roomId, CancellationToken ct = default)
    {
        var live = await db.Calls.AsNoTracking().Where(c => c.RoomId == roomId && c.EndedAt == null).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (live is { } callId) await changes.TryEndAsync(callId, force: true, "ended", ct);
    }

    /// <summary>After an account is closed: out of every call.</summary>
    public async Task LeftEverywhereAsync(Guid userId, CancellationToken ct = default)
    {
        try
        {
            var calls = await db.CallParticipants.AsNoTracking()
                .Where(p => p.UserId == userId && (p.State == ParticipantState.Ringing || p.State == ParticipantState.Joined || p.State == ParticipantState.Reconnecting))
                .Join(db.Calls.Where(c => c.EndedAt == null), p => p.CallId, c => c.Id, (_, c) => c).ToListAsync(ct);
            foreach (var call in calls) await changes.RemoveAsync(call, userId, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Taking {User} out of their calls failed", userId); }
    }

    /// <summary>A hub connection closed: its participant is reconnecting until the grace runs out (<see cref="ExpireAsync"/>).</summary>
    public async Task ConnectionClosedAsync(Guid me, string connectionId)
    {
        if (!here.Remove(connectionId)) return;
        try
        {
            var calls = await db.CallParticipants.AsNoTracking()
                .Where(p => p.ConnectionId == connectionId && p.State == ParticipantState.Joined).Select(p => p.CallId).ToListAsync();
            foreach (var callId in calls)
            {
                var outcome = await changes.ChangeAsync(callId, (_, rows) =>
                {
                    var mine = rows.Find(p => p.UserId == me);
                    if (mine is not { State: ParticipantState.Joined } || mine.ConnectionId != connectionId) return false;
                    mine.State = ParticipantState.Reconnecting;
                    mine.ConnectionId = null;
                    mine.ExpiresAt = changes.Now().AddSeconds(options.Value.ReconnectGraceSeconds);
                    return true;
                }, default);
                if (outcome == CallChanges.Outcome.Changed)
                {
                    sweeper.Nudge();
                    await changes.SettleAsync(callId, default);
                }
            }
        }
        catch (Exception e) { if (!outage.Saw(e)) log.LogWarning(e, "Marking the calls of closed connection {Connection} failed", connectionId); }
    }

    /// <summary>
    /// At start, on a server of one process: whoever is still joined through a connection of the previous run (it
    /// crashed, or stopped before the closes were written) is reconnecting, and leaves after the grace unless back.
    /// Joins of this run (their connections are in <see cref="CallConnections"/>) are left alone.
    /// </summary>
    public async Task<int> OrphansOfLastRunAsync(CancellationToken ct = default)
    {
        var calls = await db.CallParticipants.AsNoTracking().Where(p => p.State == ParticipantState.Joined).Select(p => p.CallId).Distinct().ToListAsync(ct);
        var orphans = 0;
        foreach (var callId in calls)
        {
            var outcome = await changes.ChangeAsync(callId, (_, rows) =>
            {
                var changed = false;
                foreach (var p in rows.Where(p => p.State == ParticipantState.Joined && (p.ConnectionId is null || !here.Contains(p.ConnectionId))))
                {
                    p.State = ParticipantState.Reconnecting;
                    p.ConnectionId = null;
                    p.ExpiresAt = changes.Now().AddSeconds(options.Value.ReconnectGraceSeconds);
                    changed = true;
                    orphans++;
                }
                return changed;
            }, ct);
            if (outcome == CallChanges.Outcome.Changed) await changes.SettleAsync(callId, ct);
        }
        return orphans;
    }

    /// <summary>When the next ring or reconnect grace runs out, on any node (the sweeper sleeps until then).</summary>
    public async Task<DateTime?> NextExpiryAsync(CancellationToken ct = default) => await Expiring().MinAsync(p => p.ExpiresAt, ct);

    /// <summary>Ringing and reconnecting participants with a deadline (a call's end clears theirs in its transaction).</summary>
    private IQueryable<CallParticipant> Expiring() => db.CallParticipants.AsNoTracking()
        .Where(p => p.ExpiresAt != null && (p.State == ParticipantState.Ringing || p.State == ParticipantState.Reconnecting));

    /// <summary>
    /// The sweeper's step: ringing that ran out is missed, a reconnect grace that ran out is left. Each call's change
    /// is conditional (taken row, states re-read), so when several nodes sweep at once each expiry happens once.
    /// </summary>
    public async Task<int> ExpireAsync(CancellationToken ct = default)
    {
        var now = changes.Now();
        var due = await Expiring().Where(p => p.ExpiresAt <= now).Select(p => p.CallId).Distinct().OrderBy(id => id).Take(500).ToListAsync(ct);
        var expired = 0;
        foreach (var callId in due)
        {
            var missed = new List<Guid>();
            Guid roomId = default;
            var outcome = await changes.ChangeAsync(callId, (c, rows) =>
            {
                roomId = c.RoomId;
                var changed = false;
                foreach (var p in rows.Where(p => p.ExpiresAt is { } at && at <= now))
                {
                    if (p.State == ParticipantState.Ringing)
                    {
                        p.State = ParticipantState.Missed;
                        missed.Add(p.UserId);
                    }
                    else if (p.State == ParticipantState.Reconnecting) changes.Out(p);
                    else continue;
                    p.ExpiresAt = null;
                    changed = true;
                    expired++;
                }
                return changed;
            }, ct);
            if (outcome != CallChanges.Outcome.Changed) continue;
            if (missed.Count > 0) await audience.ToUsers(missed).CallRingingStopped(new CallRingingStoppedEvent(callId, roomId, "missed"));
            await changes.SettleAsync(callId, ct, ringStop: "missed");
        }
        return expired;
    }
}
