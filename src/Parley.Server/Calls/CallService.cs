using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Moderation;
using Parley.Server.Rooms;

namespace Parley.Server.Calls;

/// <summary>
/// Calls: start, join, decline, leave, end, media flags, moderators' mute and removal, and what a dropped connection
/// or a departure from the room does to them. The state is in the database. Every change to a call runs in a
/// transaction that first takes the call's row (<see cref="Call.Rev"/>), so changes to one call are applied one after
/// the other whichever node makes them; the end is written with its line only if nothing changed since it was decided.
/// Events go out after the commit.
/// </summary>
public sealed class CallService(ParleyDb db, RoomAccess access, IChatAudience audience, SendBatcher batcher, Friends.Blocking blocking,
    TurnCredentials turn, CallPush push, CallConnections here, IOptions<CallsOptions> options, TimeProvider clock, DatabaseOutage outage,
    ILogger<CallService> log)
{
    private CallsOptions O => options.Value;

    /// <summary>Starts a call in the room, or joins the one in progress; the caller is in it with this connection. DMs ring everyone else.</summary>
    public async Task<CallDto> StartAsync(Guid me, string connectionId, Guid roomId, bool video, CancellationToken ct = default)
    {
        var m = await access.RequireMemberAsync(me, roomId, ct);
        PermissionTable.Require(Permission.StartCall, m.ServerRole, m.Member.Role);
        Sanctions.RequireMayPost(m, Now());
        if (await LiveCallIdAsync(roomId, ct) is { } live) return await JoinAsync(me, connectionId, live, ct);

        var room = m.Room;
        List<Guid> others = room.Kind.IsDm()
            ? await db.RoomMembers.AsNoTracking().Where(x => x.RoomId == roomId && x.UserId != me).Select(x => x.UserId).ToListAsync(ct)
            : [];
        if (room.Kind == RoomKind.Direct && others.Count == 1) await blocking.RequireCanSendDmAsync(me, others[0], ct);
        if (others.Count > 0)
        {
            // In a group DM, whoever blocked the caller is not rung.
            var blockers = await blocking.BlockersOfAsync(me, others, ct);
            others.RemoveAll(blockers.Contains);
        }
        await LeaveOtherCallsAsync(me, null, ct);
        var busy = others.Count == 0 ? [] : await db.CallParticipants.AsNoTracking()
            .Where(p => others.Contains(p.UserId) && (p.State == ParticipantState.Joined || p.State == ParticipantState.Reconnecting))
            .Select(p => p.UserId).Distinct().ToListAsync(ct);

        var now = Now();
        var call = new Call { Id = Guid.CreateVersion7(), RoomId = roomId, StartedById = me, Video = video, Mode = CallMode.Mesh, StartedAt = now, Rev = 1 };
        var mine = new CallParticipant
        {
            CallId = call.Id, UserId = me, State = ParticipantState.Joined, ParticipantId = Guid.NewGuid(), ConnectionId = connectionId, JoinedAt = now, CameraOn = video,
        };
        var rung = others.Select(u => busy.Contains(u)
            ? new CallParticipant { CallId = call.Id, UserId = u, State = ParticipantState.Busy }
            : new CallParticipant { CallId = call.Id, UserId = u, State = ParticipantState.Ringing, ExpiresAt = now.AddSeconds(O.RingSeconds) }).ToList();
        var callerName = await NameOfAsync(me, ct);
        try
        {
            if (room.Kind.IsDm())
            {
                db.Calls.Add(call);
                db.CallParticipants.AddRange([mine, .. rung]);
                await db.SaveChangesAsync(ct);
            }
            else
                // A room's timeline records the start; the call and its line commit together.
                await batcher.WriteSystemLineAsync(room, me, $"{callerName} started a call", async (tx, msg, c) =>
                {
                    call.StartedAt = msg.CreatedAt;
                    mine.JoinedAt = msg.CreatedAt;
                    tx.Calls.Add(call);
                    tx.CallParticipants.Add(mine);
                    await tx.SaveChangesAsync(c);
                }, ct);
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e))
        {
            // Someone started one here at the same moment (on any node): join theirs.
            db.ChangeTracker.Clear();
            if (await LiveCallIdAsync(roomId, ct) is { } theirs) return await JoinAsync(me, connectionId, theirs, ct);
            throw;
        }
        finally { db.ChangeTracker.Clear(); }
        here.Add(connectionId);

        var dto = await DtoAsync(call.Id, ct);
        await audience.InRoom(roomId).CallUpdated(dto);
        var ringing = rung.Where(p => p.State == ParticipantState.Ringing).Select(p => p.UserId).ToList();
        if (ringing.Count > 0)
        {
            await audience.ToUsers(ringing).CallRinging(dto);
            push.Ring(room, callerName, call, ringing);
        }
        // Everyone called is busy (or nobody is left to call): over at once, a missed call.
        else if (room.Kind.IsDm() && await TryEndAsync(call.Id, force: false, "ended", ct)) dto = await DtoAsync(call.Id, ct);
        return dto with { IceServers = turn.For(me) };
    }

    /// <summary>Joins (or accepts) with this connection; another connection of mine in the call hears it was replaced.</summary>
    public async Task<CallDto> JoinAsync(Guid me, string connectionId, Guid callId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        if (call.EndedAt is not null) throw EndedRefusal();
        Sanctions.RequireMayWrite(await access.RequireMemberAsync(me, call.RoomId, ct), Now());
        await LeaveOtherCallsAsync(me, callId, ct);

        string? replaced = null;
        var wasRinging = false;
        var outcome = await ChangeAsync(callId, (c, rows) =>
        {
            var mine = rows.Find(p => p.UserId == me);
            if (mine is { State: ParticipantState.Joined } && mine.ConnectionId == connectionId) return false; // joined already, here
            if (rows.Count(p => p.UserId != me && p.State.IsIn()) >= O.MaxMeshParticipants) throw FullRefusal(O.MaxMeshParticipants);
            if (mine is null)
            {
                mine = new CallParticipant { CallId = callId, UserId = me };
                db.CallParticipants.Add(mine);
            }
            wasRinging = mine.State == ParticipantState.Ringing;
            if (mine.State.IsIn())
                replaced = mine.ConnectionId;
            else
            {
                // A fresh join; one back from a dropped connection keeps its muted and camera flags.
                mine.Muted = mine.ServerMuted = false;
                mine.CameraOn = c.Video;
            }
            mine.State = ParticipantState.Joined;
            mine.ParticipantId = Guid.NewGuid();
            mine.ConnectionId = connectionId;
            mine.JoinedAt ??= Now();
            mine.LeftAt = mine.ExpiresAt = null;
            mine.Sharing = false;
            return true;
        }, ct);
        if (outcome == Outcome.Ended) throw EndedRefusal();
        here.Add(connectionId);
        var dto = await DtoAsync(callId, ct);
        if (outcome == Outcome.Changed)
        {
            if (replaced is not null && replaced != connectionId) await audience.ToConnection(replaced).CallLeftHere(new CallLeftHereEvent(callId, "replaced"));
            if (wasRinging) await audience.ToUser(me).CallRingingStopped(new CallRingingStoppedEvent(callId, call.RoomId, "accepted"));
            await audience.InRoom(call.RoomId).CallUpdated(dto);
        }
        return dto with { IceServers = turn.For(me) };
    }

    /// <summary>A rung person says no; the call ends if nobody else is left to answer.</summary>
    public async Task DeclineAsync(Guid me, Guid callId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        var outcome = await ChangeAsync(callId, (_, rows) =>
        {
            var mine = rows.Find(p => p.UserId == me) ?? throw ParleyError.Forbidden("You were not called.", ErrorCodes.NotAllowed);
            if (mine.State != ParticipantState.Ringing) return false; // no longer ringing: nothing to decline
            mine.State = ParticipantState.Declined;
            mine.ExpiresAt = null;
            return true;
        }, ct);
        if (outcome != Outcome.Changed) return;
        await audience.ToUser(me).CallRingingStopped(new CallRingingStoppedEvent(callId, call.RoomId, "declined"));
        await SettleAsync(callId, ct);
    }

    /// <summary>Out of the call (still ringing: a decline); the last one out ends it.</summary>
    public async Task LeaveAsync(Guid me, Guid callId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        var wasRinging = false;
        var outcome = await ChangeAsync(callId, (_, rows) =>
        {
            var mine = rows.Find(p => p.UserId == me);
            if (mine is null) return false;
            if (mine.State == ParticipantState.Ringing)
            {
                wasRinging = true;
                mine.State = ParticipantState.Declined;
            }
            else if (mine.State.IsIn()) Out(mine);
            else return false;
            mine.ExpiresAt = null;
            return true;
        }, ct);
        if (outcome != Outcome.Changed) return;
        if (wasRinging) await audience.ToUser(me).CallRingingStopped(new CallRingingStoppedEvent(callId, call.RoomId, "declined"));
        await SettleAsync(callId, ct);
    }

    /// <summary>Ends the call for everyone: its starter, or a room moderator and up.</summary>
    public async Task EndAsync(Guid me, Guid callId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        if (call.StartedById != me) await RequireManagerAsync(me, call, null, ct);
        if (call.EndedAt is not null) return;
        await TryEndAsync(callId, force: true, "ended", ct);
    }

    public async Task UpdateMediaAsync(Guid me, Guid callId, UpdateCallMediaRequest media, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        if (call.EndedAt is not null) throw EndedRefusal();
        var outcome = await ChangeAsync(callId, (_, rows) =>
        {
            var mine = rows.Find(p => p.UserId == me && p.State.IsIn()) ?? throw NotInCallRefusal();
            if (media.Muted is { } muted)
            {
                mine.Muted = muted;
                if (!muted) mine.ServerMuted = false;
            }
            if (media.CameraOn is { } camera) mine.CameraOn = camera;
            if (media.Sharing is { } sharing) mine.Sharing = sharing;
            return true;
        }, ct);
        if (outcome == Outcome.Ended) throw EndedRefusal();
        await SettleAsync(callId, ct);
    }

    /// <summary>A moderator mutes someone: they hear CallMuteRequested and stay muted until they unmute themselves.</summary>
    public async Task MuteAsync(Guid me, Guid callId, Guid userId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        await RequireManagerAsync(me, call, userId, ct);
        string? connection = null;
        var outcome = await ChangeAsync(callId, (_, rows) =>
        {
            var them = rows.Find(p => p.UserId == userId && p.State.IsIn()) ?? throw ParleyError.NotFound("Participant");
            them.Muted = them.ServerMuted = true;
            connection = them.ConnectionId;
            return true;
        }, ct);
        if (outcome == Outcome.Ended) throw EndedRefusal();
        if (connection is not null) await audience.ToConnection(connection).CallMuteRequested(new CallMuteRequestedEvent(callId, me));
        await SettleAsync(callId, ct);
    }

    /// <summary>A moderator removes someone from the call (not from the room).</summary>
    public async Task RemoveAsync(Guid me, Guid callId, Guid userId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        await RequireManagerAsync(me, call, userId, ct);
        if (call.EndedAt is not null) throw EndedRefusal();
        await RemoveFromCallAsync(call, userId, ct);
    }

    /// <summary>After someone is out of a room (left, kicked, banned): out of its call at once.</summary>
    public async Task LeftRoomAsync(Guid userId, Guid roomId, CancellationToken ct = default)
    {
        try
        {
            var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.RoomId == roomId && c.EndedAt == null, ct);
            if (call is not null) await RemoveFromCallAsync(call, userId, ct);
        }
        // The departure itself is committed; signalling checks membership too, so a failure here lets nobody in.
        catch (Exception e) when (!ct.IsCancellationRequested) { if (!outage.Saw(e)) log.LogWarning(e, "Taking {User} out of the call in room {Room} failed", userId, roomId); }
    }

    /// <summary>After an account is closed: out of every call.</summary>
    public async Task LeftEverywhereAsync(Guid userId, CancellationToken ct = default)
    {
        try
        {
            var calls = await db.CallParticipants.AsNoTracking()
                .Where(p => p.UserId == userId && (p.State == ParticipantState.Ringing || p.State == ParticipantState.Joined || p.State == ParticipantState.Reconnecting))
                .Join(db.Calls.Where(c => c.EndedAt == null), p => p.CallId, c => c.Id, (_, c) => c).ToListAsync(ct);
            foreach (var call in calls) await RemoveFromCallAsync(call, userId, ct);
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
                var outcome = await ChangeAsync(callId, (_, rows) =>
                {
                    var mine = rows.Find(p => p.UserId == me);
                    if (mine is not { State: ParticipantState.Joined } || mine.ConnectionId != connectionId) return false;
                    mine.State = ParticipantState.Reconnecting;
                    mine.ConnectionId = null;
                    mine.ExpiresAt = Now().AddSeconds(O.ReconnectGraceSeconds);
                    return true;
                }, default);
                if (outcome == Outcome.Changed) await SettleAsync(callId, default);
            }
        }
        catch (Exception e) { if (!outage.Saw(e)) log.LogWarning(e, "Marking the calls of closed connection {Connection} failed", connectionId); }
    }

    /// <summary>
    /// The sweeper's step: ringing that ran out is missed, a reconnect grace that ran out is left. Each call's change
    /// is conditional (taken row, states re-read), so when several nodes sweep at once each expiry happens once.
    /// </summary>
    public async Task<int> ExpireAsync(CancellationToken ct = default)
    {
        var now = Now();
        var due = await db.CallParticipants.AsNoTracking()
            .Where(p => p.ExpiresAt != null && p.ExpiresAt <= now && (p.State == ParticipantState.Ringing || p.State == ParticipantState.Reconnecting))
            .Select(p => p.CallId).Distinct().Take(500).ToListAsync(ct);
        var expired = 0;
        foreach (var callId in due)
        {
            var missed = new List<Guid>();
            Guid roomId = default;
            var outcome = await ChangeAsync(callId, (c, rows) =>
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
                    else if (p.State == ParticipantState.Reconnecting) Out(p);
                    else continue;
                    p.ExpiresAt = null;
                    changed = true;
                    expired++;
                }
                return changed;
            }, ct);
            if (outcome != Outcome.Changed) continue;
            if (missed.Count > 0) await audience.ToUsers(missed).CallRingingStopped(new CallRingingStoppedEvent(callId, roomId, "missed"));
            await SettleAsync(callId, ct, ringStop: "missed");
        }
        return expired;
    }

    /// <summary>The room's call in progress, or null (members only).</summary>
    public async Task<CallDto?> ActiveAsync(Guid me, Guid roomId, CancellationToken ct = default)
    {
        await access.RequireMemberAsync(me, roomId, ct);
        return await LiveCallIdAsync(roomId, ct) is { } id ? await DtoAsync(id, ct) : null;
    }

    /// <summary>Calls ringing me, or that I am in (also while reconnecting): what a reloaded or reconnected client resumes.</summary>
    public async Task<IReadOnlyList<CallDto>> MineAsync(Guid me, CancellationToken ct = default)
    {
        var ids = await db.CallParticipants.AsNoTracking()
            .Where(p => p.UserId == me && (p.State == ParticipantState.Ringing || p.State == ParticipantState.Joined || p.State == ParticipantState.Reconnecting))
            .Join(db.Calls.Where(c => c.EndedAt == null), p => p.CallId, c => c.Id, (_, c) => c.Id).ToListAsync(ct);
        if (ids.Count == 0) return [];
        var ice = turn.For(me);
        var calls = new List<CallDto>(ids.Count);
        foreach (var id in ids) calls.Add(await DtoAsync(id, ct) with { IceServers = ice });
        return calls;
    }

    public IReadOnlyList<IceServer> IceServersFor(Guid me) => turn.For(me);

    // ---- the steps ----

    private enum Outcome { Ended, Unchanged, Changed }

    /// <summary>
    /// One change to a live call's participants: in a transaction that first takes the call's row (bumping its rev),
    /// then reads the participants and lets <paramref name="change"/> edit them (false: nothing to do).
    /// </summary>
    private async Task<Outcome> ChangeAsync(Guid callId, Func<Call, List<CallParticipant>, bool> change, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await db.Calls.Where(c => c.Id == callId && c.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.Rev, c => c.Rev + 1), ct) == 0)
                return Outcome.Ended;
            var call = await db.Calls.AsNoTracking().FirstAsync(c => c.Id == callId, ct);
            var rows = await db.CallParticipants.Where(p => p.CallId == callId).ToListAsync(ct);
            if (!change(call, rows)) return Outcome.Unchanged; // rolled back: the rev stays
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome.Changed;
        }
        finally { db.ChangeTracker.Clear(); }
    }

    private void Out(CallParticipant p)
    {
        p.State = ParticipantState.Left;
        p.LeftAt = Now();
        p.ConnectionId = null;
        p.Sharing = false;
    }

    /// <summary>After a change: the call ends if it is over, else the room hears how it is now.</summary>
    private async Task SettleAsync(Guid callId, CancellationToken ct, string ringStop = "ended")
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
    private async Task<bool> TryEndAsync(Guid callId, bool force, string ringStop, CancellationToken ct)
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
            return true;
        }
        throw ParleyError.Unavailable("The call is changing too fast; try again.", TimeSpan.FromSeconds(1));
    }

    /// <summary>Out of the call because they may no longer be in it: their connection hears "removed", their ringing stops.</summary>
    private async Task RemoveFromCallAsync(Call call, Guid userId, CancellationToken ct)
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
        if (outcome != Outcome.Changed) return;
        if (connection is not null) await audience.ToConnection(connection).CallLeftHere(new CallLeftHereEvent(call.Id, "removed"));
        if (wasRinging) await audience.ToUser(userId).CallRingingStopped(new CallRingingStoppedEvent(call.Id, call.RoomId, "ended"));
        await SettleAsync(call.Id, ct);
    }

    /// <summary>One call at a time: joining or starting one leaves the others (their connection hears "replaced").</summary>
    private async Task LeaveOtherCallsAsync(Guid me, Guid? except, CancellationToken ct)
    {
        var others = await db.CallParticipants.AsNoTracking()
            .Where(p => p.UserId == me && p.CallId != except && (p.State == ParticipantState.Joined || p.State == ParticipantState.Reconnecting))
            .Select(p => p.CallId).ToListAsync(ct);
        foreach (var callId in others)
        {
            string? connection = null;
            var outcome = await ChangeAsync(callId, (_, rows) =>
            {
                var mine = rows.Find(p => p.UserId == me);
                if (mine is null || !mine.State.IsIn()) return false;
                connection = mine.ConnectionId;
                Out(mine);
                mine.ExpiresAt = null;
                return true;
            }, ct);
            if (outcome != Outcome.Changed) continue;
            if (connection is not null) await audience.ToConnection(connection).CallLeftHere(new CallLeftHereEvent(callId, "replaced"));
            await SettleAsync(callId, ct);
        }
    }

    /// <summary>The call, if the caller is a member of its conversation: 404 unknown, 403 not_allowed for anyone else.</summary>
    private async Task<Call> CallOfAsync(Guid me, Guid callId, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw ParleyError.NotFound("Call");
        if (!await db.RoomMembers.AnyAsync(x => x.RoomId == call.RoomId && x.UserId == me, ct)) throw NotInCallRefusal();
        return call;
    }

    /// <summary>ManageCalls in the call's room, and (acting on someone) a higher standing than theirs. DMs have no moderators.</summary>
    private async Task RequireManagerAsync(Guid me, Call call, Guid? target, CancellationToken ct)
    {
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == call.RoomId, ct);
        if (room.Kind.IsDm())
            throw ParleyError.Forbidden(target is null ? "Only the person who started this call can end it for everyone: leave it instead."
                : "Direct messages have no moderators.", ErrorCodes.NotAllowed);
        var (server, inRoom) = await Standings.OfAsync(db, me, call.RoomId, ct);
        PermissionTable.Require(Permission.ManageCalls, server, inRoom);
        if (target is not { } them) return;
        var (theirServer, theirRoom) = await Standings.OfAsync(db, them, call.RoomId, ct);
        if (!PermissionTable.Outranks(server, inRoom, theirServer, theirRoom)) throw PermissionTable.OutrankedRefusal();
    }

    private Task<Guid?> LiveCallIdAsync(Guid roomId, CancellationToken ct) =>
        db.Calls.AsNoTracking().Where(c => c.RoomId == roomId && c.EndedAt == null).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);

    private async Task<CallDto> DtoAsync(Guid callId, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().FirstAsync(c => c.Id == callId, ct);
        var rows = await db.CallParticipants.AsNoTracking().Where(p => p.CallId == callId).ToListAsync(ct);
        return CallDto.From(call, rows, O.MaxMeshParticipants);
    }

    private async Task<string> NameOfAsync(Guid userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "Someone";

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static ParleyError EndedRefusal() => new(409, "This call has ended.", code: ErrorCodes.CallEnded);

    private static ParleyError NotInCallRefusal() => ParleyError.Forbidden("You are not in this call.", ErrorCodes.NotAllowed);

    public static ParleyError FullRefusal(int max) => new(409,
        $"This call is full: calls of more than {max} need a media server (Janus), which this server doesn't have configured.", code: ErrorCodes.CallFull);
}
