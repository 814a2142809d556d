namespace Parley.Server.Calls;

/// <summary>
/// A call as clients see it. IceServers: only in the answer to the caller's own StartCall, JoinCall and GetMyCalls
/// (their credentials); null in broadcasts. Rev orders the updates of one call.
/// </summary>
public sealed record CallDto(Guid Id, Guid RoomId, Guid StartedById, bool Video, string Mode, DateTime StartedAt, DateTime? EndedAt, long Rev,
    IReadOnlyList<CallParticipantDto> Participants, IReadOnlyList<IceServer>? IceServers, int MaxParticipants)
{
    public static CallDto From(Call c, IEnumerable<CallParticipant> participants, int maxParticipants, IReadOnlyList<IceServer>? iceServers = null) =>
        new(c.Id, c.RoomId, c.StartedById, c.Video, c.Mode.Wire(), c.StartedAt, c.EndedAt, c.Rev,
            [.. participants.OrderBy(p => p.JoinedAt ?? DateTime.MaxValue).ThenBy(p => p.UserId).Select(CallParticipantDto.From)], iceServers, maxParticipants);
}

/// <summary>ParticipantId: set while joined or reconnecting (the id peers address); null otherwise.</summary>
public sealed record CallParticipantDto(Guid UserId, Guid? ParticipantId, string State, DateTime? JoinedAt, bool Muted, bool CameraOn, bool Sharing, bool ServerMuted)
{
    public static CallParticipantDto From(CallParticipant p) =>
        new(p.UserId, p.State.IsIn() ? p.ParticipantId : null, p.State.Wire(), p.JoinedAt, p.Muted, p.CameraOn, p.Sharing, p.ServerMuted);
}

/// <summary>An RTCIceServer: STUN urls alone, or TURN urls with a time-limited username and credential.</summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);

/// <summary>Any of the three may be left out (unchanged).</summary>
public sealed record UpdateCallMediaRequest(bool? Muted, bool? CameraOn, bool? Sharing);

/// <summary>reason: accepted, declined, missed or ended.</summary>
public sealed record CallRingingStoppedEvent(Guid CallId, Guid RoomId, string Reason);

/// <summary>reason: ended, missed or declined; durationSeconds from start to end.</summary>
public sealed record CallEndedEvent(Guid CallId, Guid RoomId, string Reason, int DurationSeconds);

/// <summary>kind: offer, answer or candidate; payload: the SDP, or the candidate as JSON, as the sender gave it.</summary>
public sealed record CallSignalEvent(Guid CallId, Guid FromParticipantId, Guid FromUserId, string Kind, string Payload);

public sealed record CallMuteRequestedEvent(Guid CallId, Guid ByUserId);

/// <summary>reason: replaced (another tab joined), removed (by a moderator, or out of the room), ended.</summary>
public sealed record CallLeftHereEvent(Guid CallId, string Reason);
