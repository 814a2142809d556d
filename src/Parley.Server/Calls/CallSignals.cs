using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;

namespace Parley.Server.Calls;

/// <summary>
/// The WebRTC signalling relay: an offer, answer or ICE candidate from a joined participant goes to the one hub
/// connection of the joined participant it names, in the same call, and to nobody else (whichever node holds it).
/// </summary>
public sealed class CallSignals(ParleyDb db, IChatAudience audience)
{
    public const int MaxPayloadChars = 64 * 1024;
    private static readonly string[] Kinds = ["offer", "answer", "candidate"];

    public async Task RelayAsync(Guid me, string connectionId, Guid callId, Guid toParticipantId, string? kind, string? payload, CancellationToken ct = default)
    {
        if (kind is null || !Kinds.Contains(kind)) throw ParleyError.Invalid("kind", "kind must be offer, answer or candidate.");
        if (string.IsNullOrEmpty(payload)) throw ParleyError.Invalid("payload", "The payload is missing.");
        if (payload.Length > MaxPayloadChars) throw ParleyError.TooLarge("payload", $"A signal's payload is at most {MaxPayloadChars} characters.");
        var route = await Route(db, callId, me, connectionId, toParticipantId, ct);
        if (route is null) throw await RefusalAsync(db, callId, ct);
        if (route.Mode == CallMode.Sfu) throw new ParleyError(409, "This call goes through the media server.", code: ErrorCodes.NotMesh);
        if (route.To is null) throw ParleyError.NotFound("Participant");
        await audience.ToConnection(route.To).CallSignal(new CallSignalEvent(callId, route.From!.Value, me, kind, payload));
    }

    /// <summary>Why a signal found no route from its sender: no such call (404), or they aren't in it from this tab (403).</summary>
    internal static async Task<ParleyError> RefusalAsync(ParleyDb db, Guid callId, CancellationToken ct) =>
        await db.Calls.AnyAsync(c => c.Id == callId, ct)
            ? ParleyError.Forbidden("Only people in this call, from the tab that joined it, can signal in it.", ErrorCodes.NotAllowed)
            : ParleyError.NotFound("Call");

    private sealed record RouteRow(Guid? From, string? To, CallMode Mode);

    // Compiled once: every ICE candidate passes here. The sender must be joined on this very connection and still a
    // member of the conversation; the target joined in the same call.
    private static readonly Func<ParleyDb, Guid, Guid, string, Guid, CancellationToken, Task<RouteRow?>> Route = EF.CompileAsyncQuery(
        (ParleyDb db, Guid callId, Guid me, string connectionId, Guid to, CancellationToken ct) => db.CallParticipants.AsNoTracking()
            .Where(p => p.CallId == callId && p.UserId == me && p.ConnectionId == connectionId && p.State == ParticipantState.Joined)
            .Join(db.Calls.Where(c => c.EndedAt == null), p => p.CallId, c => c.Id, (p, c) => new { p, c })
            .Where(x => db.RoomMembers.Any(m => m.RoomId == x.c.RoomId && m.UserId == me))
            .Select(x => new RouteRow(x.p.ParticipantId, db.CallParticipants
                .Where(t => t.CallId == callId && t.ParticipantId == to && t.State == ParticipantState.Joined).Select(t => t.ConnectionId).FirstOrDefault(),
                x.c.Mode))
            .FirstOrDefault());
}
