using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;

namespace Parley.Server.Polls;

/// <summary>
/// A poll checked on its way in with its message (every field before anything is written), then its rows, written by the
/// send batch in the message's own transaction (<see cref="SendBatcher.Pending.Effect"/>).
/// </summary>
public sealed record PollDraft(IReadOnlyList<string> Options, bool Multiple, bool Anonymous, DateTime? ClosesAt)
{
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int MaxOptionLength = 100;
    public static readonly TimeSpan LongestOpen = TimeSpan.FromDays(90);

    /// <summary>Null when the send has no poll; 400 naming the field (poll.options, poll.closesAt …) when it is wrong.</summary>
    /// <param name="text">The message's checked text: the question.</param>
    public static PollDraft? Check(CreatePollRequest? poll, string text, Guid? threadRootId, DateTime now)
    {
        if (poll is null) return null;
        if (threadRootId is not null) throw ParleyError.Invalid("poll", "Polls are posted in the room, not in a thread.");
        if (VisibleText.IsBlank(text)) throw ParleyError.Invalid("text", "A poll needs its question as the message's text.");
        var options = poll.Options ?? throw ParleyError.Invalid("poll.options", "poll.options is required: the answers to choose from.");
        if (options.Count is < MinOptions or > MaxOptions)
            throw ParleyError.Invalid("poll.options", $"A poll has {MinOptions} to {MaxOptions} options.");
        var trimmed = new List<string>(options.Count);
        foreach (var option in options)
        {
            var o = option?.Trim() ?? "";
            if (VisibleText.IsBlank(o)) throw ParleyError.Invalid("poll.options", "An option is empty.");
            if (o.Length > MaxOptionLength) throw ParleyError.Invalid("poll.options", $"An option is longer than {MaxOptionLength} characters.");
            if (!TextRules.IsWellFormed(o) || o.Any(char.IsControl)) throw ParleyError.Invalid("poll.options", "An option contains control characters or is not valid Unicode.");
            trimmed.Add(o);
        }
        if (trimmed.Distinct(StringComparer.OrdinalIgnoreCase).Count() != trimmed.Count)
            throw ParleyError.Invalid("poll.options", "Two options are the same.");
        return new PollDraft(trimmed, poll.Multiple, poll.Anonymous, CheckClosesAt(poll.ClosesAt, now));
    }

    private static DateTime? CheckClosesAt(DateTime? closesAt, DateTime now)
    {
        if (ZonedTime.Utc(closesAt, "poll.closesAt") is not { } at) return null;
        if (at <= now) throw ParleyError.Invalid("poll.closesAt", "poll.closesAt must be in the future.");
        if (at > now + LongestOpen) throw ParleyError.Invalid("poll.closesAt", $"A poll closes at most {LongestOpen.TotalDays} days ahead.");
        return at;
    }

    /// <summary>The rows for the message with this id (option ids made now, so the broadcast shows the stored ones).</summary>
    public NewPoll For(Guid messageId) => new(
        new Poll { MessageId = messageId, Multiple = Multiple, Anonymous = Anonymous, ClosesAt = ClosesAt },
        [.. Options.Select((text, i) => new PollOption { Id = Guid.CreateVersion7(), MessageId = messageId, Position = i, Text = text })]);
}

/// <summary>A new poll's rows, and what the room hears of it with its message (no votes yet).</summary>
public sealed record NewPoll(Poll Poll, IReadOnlyList<PollOption> Options)
{
    public PollDto Dto => PollResults.Of(Poll, Options, [], reader: null);

    /// <summary>Runs in the send batch's transaction once the message row is in.</summary>
    public async Task WriteAsync(ParleyDb db, Message message, CancellationToken ct)
    {
        db.Add(Poll);
        db.AddRange(Options);
        await db.SaveChangesAsync(ct);
    }
}
