namespace Parley.Server.Polls;

/// <summary>
/// A poll hangs from its message (one row per message flagged <c>HasPoll</c>): the message's text is the question, so
/// history, edits, search, pins and catch-up treat it as any message. Deleting the message deletes the poll.
/// </summary>
public sealed class Poll
{
    public Guid MessageId { get; set; }
    /// <summary>Several options may be chosen at once; otherwise one at most.</summary>
    public bool Multiple { get; set; }
    /// <summary>Counts only: who voted for what is never shown to anyone.</summary>
    public bool Anonymous { get; set; }
    /// <summary>When it closes by itself (<see cref="PollSweeper"/>); null: only when closed by hand.</summary>
    public DateTime? ClosesAt { get; set; }
    /// <summary>Set once, by a close or by the sweeper at <see cref="ClosesAt"/>; votes are refused from then on.</summary>
    public DateTime? ClosedAt { get; set; }
}

/// <summary>One answer of a poll, in the order its author gave them.</summary>
public sealed class PollOption
{
    public Guid Id { get; set; }
    public Guid MessageId { get; set; }
    public int Position { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>One person's vote for one option; a person's whole choice is replaced at once.</summary>
public sealed class PollVote
{
    public Guid MessageId { get; set; }
    public Guid OptionId { get; set; }
    public Guid UserId { get; set; }
    public DateTime VotedAt { get; set; }
}
