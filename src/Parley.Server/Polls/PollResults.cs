using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Messages;

namespace Parley.Server.Polls;

/// <summary>
/// Polls as a reader sees them: counts per option, voters only when the poll is not anonymous, and the reader's own
/// choice (mine) when there is one reader. A page asks only for messages flagged HasPoll (three queries, none without).
/// </summary>
public static class PollResults
{
    public static readonly IReadOnlyDictionary<Guid, PollDto> None = new Dictionary<Guid, PollDto>();

    /// <param name="reader">Whose choice goes in mine; null for what many people receive (mine stays null).</param>
    public static async Task<IReadOnlyDictionary<Guid, PollDto>> ForAsync(ParleyDb db, IReadOnlyList<Message> page, Guid? reader, CancellationToken ct)
    {
        var ids = page.Where(m => m.HasPoll && m.DeletedAt == null).Select(m => m.Id).ToList();
        if (ids.Count == 0) return None;
        var polls = await db.Set<Poll>().AsNoTracking().Where(p => ids.Contains(p.MessageId)).ToListAsync(ct);
        var options = (await db.Set<PollOption>().AsNoTracking().Where(o => ids.Contains(o.MessageId)).OrderBy(o => o.Position).ToListAsync(ct))
            .ToLookup(o => o.MessageId);
        var votes = (await db.Set<PollVote>().AsNoTracking().Where(v => ids.Contains(v.MessageId)).OrderBy(v => v.VotedAt).ThenBy(v => v.UserId).ToListAsync(ct))
            .ToLookup(v => v.MessageId);
        return polls.ToDictionary(p => p.MessageId, p => Of(p, [.. options[p.MessageId]], [.. votes[p.MessageId]], reader));
    }

    /// <summary>One poll, read inside the caller's transaction when it has one (so the results are those of its rev).</summary>
    public static async Task<PollDto> OneAsync(ParleyDb db, Poll poll, IReadOnlyList<PollOption> options, Guid? reader, CancellationToken ct)
    {
        var votes = await db.Set<PollVote>().AsNoTracking().Where(v => v.MessageId == poll.MessageId)
            .OrderBy(v => v.VotedAt).ThenBy(v => v.UserId).ToListAsync(ct);
        return Of(poll, options, votes, reader);
    }

    /// <summary>Options in their order; votes oldest first. Who voted never leaves here for an anonymous poll.</summary>
    public static PollDto Of(Poll poll, IReadOnlyList<PollOption> options, IReadOnlyList<PollVote> votes, Guid? reader)
    {
        var byOption = votes.ToLookup(v => v.OptionId);
        var results = options.Select(o => new PollOptionDto(o.Id, o.Text, byOption[o.Id].Count(),
            poll.Anonymous ? null : byOption[o.Id].Select(v => v.UserId).ToList())).ToList();
        return new PollDto(results, poll.Multiple, poll.Anonymous, poll.ClosesAt, poll.ClosedAt,
            votes.Select(v => v.UserId).Distinct().Count(), reader is { } r ? ChoiceOf(r, options, votes) : null);
    }

    /// <summary>Someone's chosen option ids, in the options' order.</summary>
    public static IReadOnlyList<Guid> ChoiceOf(Guid userId, IReadOnlyList<PollOption> options, IReadOnlyList<PollVote> votes)
    {
        var chosen = votes.Where(v => v.UserId == userId).Select(v => v.OptionId).ToHashSet();
        return [.. options.Where(o => chosen.Contains(o.Id)).Select(o => o.Id)];
    }
}
