using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Messages;

namespace Parley.Server.Threads;

/// <summary>What a thread's root shows: "N replies · last reply …" with the latest repliers (at most 5, newest first).</summary>
public sealed record ThreadSummaryDto(int ReplyCount, DateTime? LastReplyAt, IReadOnlyList<Guid> Participants);

/// <summary>A root's summary changed (a reply came or went): the root row took this rev, so catch-up carries it too.</summary>
public sealed record ThreadChangedEvent(Guid RoomId, Guid RootId, long Rev, ThreadSummaryDto? Thread);

/// <summary>
/// The summary is stored on the root row, so a page shows it at no cost. Whatever changes a thread's replies (a reply
/// in the send batch, a delete) recounts it from the replies in the same transaction and gives the root the next rev.
/// </summary>
public static class ThreadSummaries
{
    public const int MaxParticipants = 5;

    /// <summary>Replies read to find the latest distinct repliers; a thread's tail is where they are.</summary>
    private const int ParticipantScan = 200;

    public static ThreadSummaryDto? Of(Message root) =>
        root.ThreadReplyCount == 0 ? null : new(root.ThreadReplyCount, root.ThreadLastReplyAt, MessageDtos.IdColumn(root.ThreadParticipants));

    /// <summary>Recounts one root's summary from its live replies and bumps its rev; run inside the writing transaction.</summary>
    public static async Task<ThreadChangedEvent> RefreshAsync(ParleyDb db, Guid roomId, Guid rootId, CancellationToken ct)
    {
        var live = db.Messages.Where(m => m.ThreadRootId == rootId && m.DeletedAt == null);
        var count = await live.CountAsync(ct);
        var latest = await live.OrderByDescending(m => m.Seq).Take(ParticipantScan)
            .Select(m => new { m.SenderId, m.CreatedAt }).ToListAsync(ct);
        var participants = latest.Select(m => m.SenderId).Distinct().Take(MaxParticipants).ToList();
        DateTime? lastAt = latest.Count > 0 ? latest[0].CreatedAt : null;
        var column = participants.Count == 0 ? null : string.Join(',', participants.Select(p => p.ToString("N")));
        var rev = await RoomSequence.NextRevAsync(db, roomId, ct);
        await db.Messages.Where(m => m.Id == rootId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Rev, rev)
            .SetProperty(m => m.ThreadReplyCount, count)
            .SetProperty(m => m.ThreadLastReplyAt, lastAt)
            .SetProperty(m => m.ThreadParticipants, column), ct);
        return new ThreadChangedEvent(roomId, rootId, rev, count == 0 ? null : new ThreadSummaryDto(count, lastAt, participants));
    }
}
