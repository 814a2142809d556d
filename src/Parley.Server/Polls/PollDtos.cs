namespace Parley.Server.Polls;

/// <summary>
/// The poll a new message carries (SendMessage / POST …/messages): 2–10 options of 1–100 characters each, different
/// ignoring case; closesAt a UTC time in the future, at most 90 days ahead.
/// </summary>
public sealed record CreatePollRequest(IReadOnlyList<string?>? Options, bool Multiple = false, bool Anonymous = false, DateTime? ClosesAt = null);

/// <summary>The caller's whole choice: option ids of the poll (empty: no vote).</summary>
public sealed record VotePollRequest(IReadOnlyList<Guid>? Options);

/// <summary>
/// A poll's state for a reader. voters: who chose the option, oldest vote first (null in an anonymous poll, always).
/// mine: the reader's own choice where the answer is for one reader (pages, changes, the vote's answer); null in
/// room-wide events, which can't be per reader (<see cref="PollVotedEvent"/> tells the voter's own connections).
/// </summary>
public sealed record PollDto(
    IReadOnlyList<PollOptionDto> Options,
    bool Multiple,
    bool Anonymous,
    DateTime? ClosesAt,
    DateTime? ClosedAt,
    int TotalVoters,
    IReadOnlyList<Guid>? Mine = null);

public sealed record PollOptionDto(Guid Id, string Text, int Votes, IReadOnlyList<Guid>? Voters);

/// <summary>To the room: a poll's results or state changed (a vote, a close); its message took this rev. No one's own choice.</summary>
public sealed record PollChangedEvent(Guid RoomId, long Rev, Guid MessageId, PollDto Poll);

/// <summary>To the voter's own connections: their choice in a poll is now this (every tab shows it; rev as in PollChanged).</summary>
public sealed record PollVotedEvent(Guid RoomId, long Rev, Guid MessageId, IReadOnlyList<Guid> Mine);
