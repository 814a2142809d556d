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
/// What people do with calls: start, join, decline, leave, end, their media flags, moderators' mute and removal, and
/// the reads. Each checks who may, then changes the call through <see cref="CallChanges"/>; events go out after the
/// commit. (Departures, reconnects and expiries: <see cref="CallDepartures"/>.)
/// </summary>
public sealed class CallService(ParleyDb db, RoomAccess access, IChatAudience audience, CallChanges changes, SendBatcher batcher, Friends.Blocking blocking,
    TurnCredentials turn, CallPush push, CallConnections here, SfuRooms sfuRooms, SfuParticipants sfu, IOptions<CallsOptions> options, TimeProvider clock,
    RingSweeper sweeper, ILogger<CallService> log)
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
        // Rooms and group DMs go through the media server when there is one; two people are best peer to peer.
        if (O.Janus.Enabled && room.Kind != RoomKind.Direct) call.Mode = await SfuRoomAsync(call.Id, ct);
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
            if (call.Mode == CallMode.Sfu) await sfu.CallEndedAsync(call.Id);
            if (await LiveCallIdAsync(roomId, ct) is { } theirs) return await JoinAsync(me, connectionId, theirs, ct);
            throw;
        }
        finally { db.ChangeTracker.Clear(); }
        here.Add(connectionId);
        if (rung.Exists(p => p.State == ParticipantState.Ringing)) sweeper.Nudge(); // its ring runs out at RingSeconds
        if (call.Mode == CallMode.Sfu) await JoinSfuAsync(call.Id, mine.ParticipantId!.Value, me, connectionId, ct);

        var dto = await changes.DtoAsync(call.Id, ct);
        await audience.InRoom(roomId).CallUpdated(dto);
        var ringing = rung.Where(p => p.State == ParticipantState.Ringing).Select(p => p.UserId).ToList();
        if (ringing.Count > 0)
        {
            await audience.ToUsers(ringing).CallRinging(dto);
            push.Ring(room, callerName, call, ringing);
        }
        // Everyone called is busy (or nobody is left to call): over at once, a missed call.
        else if (room.Kind.IsDm() && await changes.TryEndAsync(call.Id, force: false, "ended", ct)) dto = await changes.DtoAsync(call.Id, ct);
        return dto with { IceServers = turn.For(me) };
    }

    /// <summary>Joins (or accepts) with this connection; another connection of mine in the call hears it was replaced.</summary>
    public async Task<CallDto> JoinAsync(Guid me, string connectionId, Guid callId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        if (call.EndedAt is not null) throw EndedRefusal();
        var membership = await access.RequireMemberAsync(me, call.RoomId, ct);
        Sanctions.RequireMayWrite(membership, Now());
        await blocking.RequireMayWriteAsync(membership, ct);
        await LeaveOtherCallsAsync(me, callId, ct);

        string? replaced = null;
        var wasRinging = false;
        Guid participantId = default;
        var outcome = await changes.ChangeAsync(callId, (c, rows) =>
        {
            var mine = rows.Find(p => p.UserId == me);
            if (mine is { State: ParticipantState.Joined } && mine.ConnectionId == connectionId)
            {
                participantId = mine.ParticipantId!.Value;
                return false; // joined already, here
            }
            var max = O.MaxParticipantsIn(c.Mode);
            if (rows.Count(p => p.UserId != me && p.State.IsIn()) >= max) throw FullRefusal(max, c.Mode);
            if (mine is null)
            {
                mine = new CallParticipant { CallId = callId, UserId = me };
                db.CallParticipants.Add(mine); // the scope's one context: CallChanges saves it in its transaction
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
            mine.ParticipantId = participantId = Guid.NewGuid();
            mine.ConnectionId = connectionId;
            mine.JoinedAt ??= Now();
            mine.LeftAt = mine.ExpiresAt = null;
            mine.Sharing = false;
            return true;
        }, ct);
        if (outcome == CallChanges.Outcome.Ended) throw EndedRefusal();
        here.Add(connectionId);
        // In an SFU call the media server takes them in too (again, if Janus lost their session since).
        if (call.Mode == CallMode.Sfu && (outcome == CallChanges.Outcome.Changed || sfu.Find(participantId) is null))
        {
            try { await JoinSfuAsync(callId, participantId, me, connectionId, ct); }
            catch (ParleyError) when (replaced is not null && replaced != connectionId)
            {
                await audience.ToConnection(replaced).CallLeftHere(new CallLeftHereEvent(callId, "replaced"));
                throw;
            }
        }
        var dto = await changes.DtoAsync(callId, ct);
        if (outcome == CallChanges.Outcome.Changed)
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
        var outcome = await changes.ChangeAsync(callId, (_, rows) =>
        {
            var mine = rows.Find(p => p.UserId == me) ?? throw ParleyError.Forbidden("You were not called.", ErrorCodes.NotAllowed);
            if (mine.State != ParticipantState.Ringing) return false; // no longer ringing: nothing to decline
            mine.State = ParticipantState.Declined;
            mine.ExpiresAt = null;
            return true;
        }, ct);
        if (outcome != CallChanges.Outcome.Changed) return;
        await audience.ToUser(me).CallRingingStopped(new CallRingingStoppedEvent(callId, call.RoomId, "declined"));
        await changes.SettleAsync(callId, ct);
    }

    /// <summary>Out of the call (still ringing: a decline); the last one out ends it.</summary>
    public async Task LeaveAsync(Guid me, Guid callId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        var wasRinging = false;
        var outcome = await changes.ChangeAsync(callId, (_, rows) =>
        {
            var mine = rows.Find(p => p.UserId == me);
            if (mine is null) return false;
            if (mine.State == ParticipantState.Ringing)
            {
                wasRinging = true;
                mine.State = ParticipantState.Declined;
            }
            else if (mine.State.IsIn()) changes.Out(mine);
            else return false;
            mine.ExpiresAt = null;
            return true;
        }, ct);
        if (outcome != CallChanges.Outcome.Changed) return;
        if (wasRinging) await audience.ToUser(me).CallRingingStopped(new CallRingingStoppedEvent(callId, call.RoomId, "declined"));
        await changes.SettleAsync(callId, ct);
    }

    /// <summary>Ends the call for everyone: its starter, or a room moderator and up.</summary>
    public async Task EndAsync(Guid me, Guid callId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        if (call.StartedById != me) await RequireManagerAsync(me, call, null, ct);
        if (call.EndedAt is not null) return;
        await changes.TryEndAsync(callId, force: true, "ended", ct);
    }

    public async Task UpdateMediaAsync(Guid me, Guid callId, UpdateCallMediaRequest media, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        if (call.EndedAt is not null) throw EndedRefusal();
        var outcome = await changes.ChangeAsync(callId, (_, rows) =>
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
        if (outcome == CallChanges.Outcome.Ended) throw EndedRefusal();
        await changes.SettleAsync(callId, ct);
    }

    /// <summary>A moderator mutes someone: they hear CallMuteRequested and stay muted until they unmute themselves.</summary>
    public async Task MuteAsync(Guid me, Guid callId, Guid userId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        await RequireManagerAsync(me, call, userId, ct);
        string? connection = null;
        var outcome = await changes.ChangeAsync(callId, (_, rows) =>
        {
            var them = rows.Find(p => p.UserId == userId && p.State.IsIn()) ?? throw ParleyError.NotFound("Participant");
            them.Muted = them.ServerMuted = true;
            connection = them.ConnectionId;
            return true;
        }, ct);
        if (outcome == CallChanges.Outcome.Ended) throw EndedRefusal();
        if (connection is not null) await audience.ToConnection(connection).CallMuteRequested(new CallMuteRequestedEvent(callId, me));
        await changes.SettleAsync(callId, ct);
    }

    /// <summary>A moderator removes someone from the call (not from the room).</summary>
    public async Task RemoveAsync(Guid me, Guid callId, Guid userId, CancellationToken ct = default)
    {
        var call = await CallOfAsync(me, callId, ct);
        await RequireManagerAsync(me, call, userId, ct);
        if (call.EndedAt is not null) throw EndedRefusal();
        // Someone not in the call (left already, never joined) is refused as for a mute, so the caller knows nothing happened.
        if (!await changes.RemoveAsync(call, userId, ct)) throw ParleyError.NotFound("Participant");
    }

    /// <summary>The room's call in progress, or null (members only).</summary>
    public async Task<CallDto?> ActiveAsync(Guid me, Guid roomId, CancellationToken ct = default)
    {
        await access.RequireMemberAsync(me, roomId, ct);
        return await LiveCallIdAsync(roomId, ct) is { } id ? await changes.DtoAsync(id, ct) : null;
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
        foreach (var id in ids) calls.Add(await changes.DtoAsync(id, ct) with { IceServers = ice });
        return calls;
    }

    public IReadOnlyList<IceServer> IceServersFor(Guid me) => turn.For(me);

    /// <summary>The call's Janus room: Sfu once it exists; Mesh when Janus can't make it (the call goes on peer to peer, capped).</summary>
    private async Task<CallMode> SfuRoomAsync(Guid callId, CancellationToken ct)
    {
        try
        {
            await sfuRooms.CreateAsync(callId, ct);
            return CallMode.Sfu;
        }
        catch (JanusException e)
        {
            log.LogWarning("Janus couldn't create the room of call {Call}, so it is peer to peer: {Reason}", callId, e.Message);
            return CallMode.Mesh;
        }
    }

    /// <summary>Joins the participant to the call's Janus room; if Janus fails, their join is undone (left) and the caller hears 503.</summary>
    private async Task JoinSfuAsync(Guid callId, Guid participantId, Guid me, string connectionId, CancellationToken ct)
    {
        try
        {
            await sfu.JoinAsync(callId, participantId, me, connectionId, ct);
            return;
        }
        catch (JanusException e) { log.LogWarning("Janus couldn't take participant {Participant} into call {Call}: {Reason}", participantId, callId, e.Message); }
        var outcome = await changes.ChangeAsync(callId, (_, rows) =>
        {
            var mine = rows.Find(p => p.UserId == me && p.ParticipantId == participantId && p.State == ParticipantState.Joined);
            if (mine is null) return false;
            changes.Out(mine);
            mine.ExpiresAt = null;
            return true;
        }, CancellationToken.None);
        if (outcome == CallChanges.Outcome.Changed) await changes.SettleAsync(callId, CancellationToken.None);
        throw SfuSignals.Unavailable();
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
            var outcome = await changes.ChangeAsync(callId, (_, rows) =>
            {
                var mine = rows.Find(p => p.UserId == me);
                if (mine is null || !mine.State.IsIn()) return false;
                connection = mine.ConnectionId;
                changes.Out(mine);
                mine.ExpiresAt = null;
                return true;
            }, ct);
            if (outcome != CallChanges.Outcome.Changed) continue;
            if (connection is not null) await audience.ToConnection(connection).CallLeftHere(new CallLeftHereEvent(callId, "replaced"));
            await changes.SettleAsync(callId, ct);
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

    private async Task<string> NameOfAsync(Guid userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "Someone";

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static ParleyError EndedRefusal() => new(409, "This call has ended.", code: ErrorCodes.CallEnded);

    private static ParleyError NotInCallRefusal() => ParleyError.Forbidden("You are not in this call.", ErrorCodes.NotAllowed);

    public static ParleyError FullRefusal(int max, CallMode mode) => new(409, mode == CallMode.Sfu
            ? $"This call is full: at most {max} people can be in one call."
            : $"This call is full: calls of more than {max} need a media server (Janus), which this server doesn't have configured.", code: ErrorCodes.CallFull);
}
