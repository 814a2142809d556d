using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Calls;

/// <summary>
/// The hub's SFU methods: a joined participant's publisher offer, their answer to the latest subscriber offer, their
/// ICE candidates, an ICE restart of their subscriber. Only from the connection that joined, while still a member,
/// in a live SFU call; handed to their <see cref="SfuParticipant"/> on this node.
/// </summary>
public sealed class SfuSignals(ParleyDb db, SfuParticipants participants)
{
    public const int MaxDescriptions = 8, MaxMidChars = 16;
    private static readonly string[] Descriptions = ["camera", "screen", "microphone"];

    public async Task<SfuAnswerDto> PublishAsync(Guid me, string connectionId, Guid callId, string? sdp, IReadOnlyList<SfuStreamDescription>? descriptions,
        CancellationToken ct = default)
    {
        RequireSdp(sdp);
        descriptions ??= [];
        if (descriptions.Count > MaxDescriptions) throw ParleyError.Invalid("descriptions", $"Give at most {MaxDescriptions} descriptions.");
        foreach (var d in descriptions)
        {
            if (d is null || string.IsNullOrEmpty(d.Mid) || d.Mid.Length > MaxMidChars)
                throw ParleyError.Invalid("descriptions", $"Each description needs its mid (at most {MaxMidChars} characters).");
            if (!Descriptions.Contains(d.Description)) throw ParleyError.Invalid("descriptions", "A description is camera, screen or microphone.");
        }
        var p = await ParticipantAsync(me, connectionId, callId, ct);
        return new SfuAnswerDto(await OfJanus(() => p.PublishAsync(sdp!, descriptions, ct)));
    }

    public async Task AnswerAsync(Guid me, string connectionId, Guid callId, string? sdp, CancellationToken ct = default)
    {
        RequireSdp(sdp);
        var p = await ParticipantAsync(me, connectionId, callId, ct);
        if (!await OfJanus(() => p.AnswerAsync(sdp!, ct)))
            throw new ParleyError(409, "There is no offer from the media server to answer.", "sdp", code: ErrorCodes.Conflict);
    }

    /// <summary><paramref name="candidate"/>: an RTCIceCandidate as JSON ({candidate, sdpMid, sdpMLineIndex}); null (or an empty candidate): no more.</summary>
    public async Task CandidateAsync(Guid me, string connectionId, Guid callId, string? target, string? candidate, CancellationToken ct = default)
    {
        if (target is not ("publisher" or "subscriber")) throw ParleyError.Invalid("target", "target must be publisher or subscriber.");
        var parsed = Candidate(candidate);
        var p = await ParticipantAsync(me, connectionId, callId, ct);
        await OfJanus(async () =>
        {
            await p.CandidateAsync(target == "publisher", parsed, ct);
            return true;
        });
    }

    public async Task RestartAsync(Guid me, string connectionId, Guid callId, CancellationToken ct = default)
    {
        var p = await ParticipantAsync(me, connectionId, callId, ct);
        await OfJanus(async () =>
        {
            await p.RestartAsync(ct);
            return true;
        });
    }

    public static ParleyError Unavailable() =>
        new(503, "The media server didn't answer; try again.", retryAfter: TimeSpan.FromSeconds(1), code: ErrorCodes.MediaServerUnavailable);

    private async Task<SfuParticipant> ParticipantAsync(Guid me, string connectionId, Guid callId, CancellationToken ct)
    {
        var route = await Route(db, callId, me, connectionId, ct);
        if (route is null) throw await CallSignals.RefusalAsync(db, callId, ct);
        if (route.Mode != CallMode.Sfu) throw new ParleyError(409, "This call is peer to peer: signal with SignalCall.", code: ErrorCodes.NotSfu);
        // Joined through this connection but no Janus session here: Janus lost it (a restart); JoinCall again sets it up.
        return participants.Find(route.ParticipantId!.Value) ?? throw Unavailable();
    }

    private static async Task<T> OfJanus<T>(Func<Task<T>> request)
    {
        try { return await request(); }
        catch (JanusException e) when (e.BadSdp) { throw ParleyError.Invalid("sdp", "The media server refused this session description."); }
        catch (JanusException) { throw Unavailable(); }
    }

    private static void RequireSdp(string? sdp)
    {
        if (string.IsNullOrEmpty(sdp)) throw ParleyError.Invalid("sdp", "The session description is missing.");
        if (sdp.Length > CallSignals.MaxPayloadChars) throw ParleyError.Invalid("sdp", $"A session description is at most {CallSignals.MaxPayloadChars} characters.");
    }

    private static JsonObject? Candidate(string? json)
    {
        if (json is null) return null;
        if (json.Length > CallSignals.MaxPayloadChars) throw ParleyError.Invalid("candidate", $"A candidate is at most {CallSignals.MaxPayloadChars} characters.");
        try
        {
            if (JsonNode.Parse(json) is not JsonObject given || given["candidate"] is not JsonValue c || !c.TryGetValue<string>(out var line))
                throw ParleyError.Invalid("candidate", "A candidate is an RTCIceCandidate as JSON: {candidate, sdpMid, sdpMLineIndex}.");
            if (line.Length == 0) return null; // the browser's own end-of-candidates
            var candidate = new JsonObject { ["candidate"] = line };
            if (given["sdpMid"] is JsonValue mid && mid.TryGetValue<string>(out var m)) candidate["sdpMid"] = m;
            if (given["sdpMLineIndex"] is JsonValue index && index.TryGetValue<int>(out var i)) candidate["sdpMLineIndex"] = i;
            return candidate;
        }
        catch (JsonException) { throw ParleyError.Invalid("candidate", "The candidate is not JSON."); }
    }

    private sealed record RouteRow(Guid? ParticipantId, CallMode Mode);

    // Compiled once: every ICE candidate passes here. Joined on this very connection, in a live call of a conversation
    // they are still a member of.
    private static readonly Func<ParleyDb, Guid, Guid, string, CancellationToken, Task<RouteRow?>> Route = EF.CompileAsyncQuery(
        (ParleyDb db, Guid callId, Guid me, string connectionId, CancellationToken ct) => db.CallParticipants.AsNoTracking()
            .Where(p => p.CallId == callId && p.UserId == me && p.ConnectionId == connectionId && p.State == ParticipantState.Joined)
            .Join(db.Calls.Where(c => c.EndedAt == null), p => p.CallId, c => c.Id, (p, c) => new { p, c })
            .Where(x => db.RoomMembers.Any(m => m.RoomId == x.c.RoomId && m.UserId == me))
            .Select(x => new RouteRow(x.p.ParticipantId, x.c.Mode))
            .FirstOrDefault());
}
