namespace Parley.Server.Calls;

/// <summary>One track of the client's publisher offer: its mid and what it carries, "camera", "screen" or "microphone".</summary>
public sealed record SfuStreamDescription(string? Mid, string? Description);

/// <summary>Janus's answer to the client's publisher offer.</summary>
public sealed record SfuAnswerDto(string Sdp);

/// <summary>
/// A stream of the subscriber PeerConnection: its mid there, whose it is (participantId = Janus feed id, userId = feed
/// display), audio or video, what the publisher said it is; active false once the publisher's stream is gone.
/// </summary>
public sealed record SfuStream(string Mid, Guid? ParticipantId, Guid? UserId, string Kind, string? Description, bool Active);

/// <summary>An offer from Janus for the subscriber PeerConnection: answer it with SfuAnswer.</summary>
public sealed record SfuOfferEvent(Guid CallId, string Sdp, IReadOnlyList<SfuStream> Streams);
