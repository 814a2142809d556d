using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Files;
using Parley.Server.Previews;

namespace Parley.Server.Messages;

/// <summary>
/// A message as clients see it. Deleted messages keep id, seq and times; text and reactions are gone, and
/// removedByModerator says whether someone other than the sender removed it.
/// </summary>
public sealed record MessageDto(
    Guid Id,
    Guid RoomId,
    long Seq,
    long Rev,
    Guid SenderId,
    string Kind,
    string Text,
    string? ClientMessageId,
    Guid? ReplyToId,
    ReplyQuote? ReplyTo,
    DateTime CreatedAt,
    DateTime? EditedAt,
    DateTime? DeletedAt,
    IReadOnlyList<ReactionDto> Reactions,
    IReadOnlyList<FileDto> Files,
    IReadOnlyList<Guid> Mentions,
    string? Wildcard,
    bool RemovedByModerator = false,
    IReadOnlyList<LinkPreviewDto>? Previews = null,
    PinDto? Pinned = null,
    Guid? ThreadRootId = null,
    bool AlsoToRoom = false,
    Threads.ThreadSummaryDto? Thread = null,
    Polls.PollDto? Poll = null)
{
    /// <summary>Link previews under the message, in link order; never null on the wire.</summary>
    public IReadOnlyList<LinkPreviewDto>? Previews { get; init; } = Previews ?? [];
}

/// <summary>Who pinned a message in its room, and when.</summary>
public sealed record PinDto(Guid PinnedBy, DateTime PinnedAt);

/// <summary>The start of the message a reply answers, enough to show the quote and jump to it.</summary>
public sealed record ReplyQuote(Guid Id, long Seq, Guid SenderId, string Text, bool Deleted)
{
    public const int MaxQuote = 200;

    public static ReplyQuote From(Message m) => new(m.Id, m.Seq, m.SenderId,
        m.DeletedAt is not null ? "" : m.Text.Length <= MaxQuote ? m.Text : m.Text[..MaxQuote] + "…",
        m.DeletedAt is not null);
}

public sealed record ReactionDto(string Emoji, int Count, IReadOnlyList<Guid> UserIds);

public static class MessageDtos
{
    public static MessageDto From(Message m, ReplyQuote? reply, IReadOnlyList<ReactionDto> reactions, IReadOnlyList<FileDto>? files = null,
        IReadOnlyList<LinkPreviewDto>? previews = null, Polls.PollDto? poll = null) => new(
        m.Id, m.RoomId, m.Seq, m.Rev, m.SenderId,
        m.Kind == MessageKind.System ? "system" : "text",
        m.DeletedAt is null ? m.Text : "",
        m.ClientMessageId, m.ReplyToId, m.DeletedAt is null ? reply : null,
        m.CreatedAt, m.EditedAt, m.DeletedAt,
        m.DeletedAt is null ? reactions : [],
        m.DeletedAt is null ? files ?? [] : [],
        m.DeletedAt is null ? IdColumn(m.MentionIds) : [],
        m.DeletedAt is not null ? null : m.Wildcard switch { Wildcard.Here => "here", Wildcard.Room => "room", _ => null },
        m.DeletedAt is not null && m.DeletedById is { } by && by != m.SenderId,
        m.DeletedAt is null ? previews ?? [] : [],
        m.DeletedAt is null && m.PinnedAt is { } at && m.PinnedById is { } pinner ? new PinDto(pinner, at) : null,
        m.ThreadRootId, m.AlsoToRoom, Threads.ThreadSummaries.Of(m),
        m.DeletedAt is null ? poll : null);

    /// <summary>A column of ids ("N" format, comma-separated), as mentions and thread participants are stored.</summary>
    internal static IReadOnlyList<Guid> IdColumn(string? column) =>
        string.IsNullOrEmpty(column) ? [] : column.Split(',').Select(id => Guid.ParseExact(id, "N")).ToList();

    /// <summary>Maps a page of messages with a few more queries in all (reactions, quoted messages, files, previews, polls), not per message.</summary>
    /// <param name="reader">Who reads it, for their own choice in polls (mine); null for what several people receive.</param>
    public static async Task<List<MessageDto>> BuildAsync(ParleyDb db, IReadOnlyList<Message> page, CancellationToken ct = default, Guid? reader = null)
    {
        if (page.Count == 0) return [];
        var reacted = page.Where(m => m.HasReactions).Select(m => m.Id).ToList();
        var reactions = reacted.Count == 0 ? [] : await db.Reactions.AsNoTracking()
            .Where(r => reacted.Contains(r.MessageId))
            .OrderBy(r => r.CreatedAt)
            .ToListAsync(ct);
        var replyIds = page.Where(m => m.ReplyToId is not null).Select(m => m.ReplyToId!.Value).Distinct().ToList();
        var quoted = replyIds.Count == 0 ? [] : await db.Messages.AsNoTracking().Where(m => replyIds.Contains(m.Id)).ToListAsync(ct);
        var withFiles = page.Where(m => m.HasFiles).Select(m => m.Id).ToList();
        var files = withFiles.Count == 0 ? [] : await db.Files.AsNoTracking()
            .Where(f => f.MessageId != null && withFiles.Contains(f.MessageId.Value))
            .OrderBy(f => f.CreatedAt).ThenBy(f => f.Id)
            .ToListAsync(ct);
        var previews = await PreviewsOfAsync(db, page, ct);
        return Assemble(page, reactions, quoted, files, previews, await Polls.PollResults.ForAsync(db, page, reader, ct));
    }

    /// <summary>
    /// The same for a history page: every message of the room from seq <paramref name="first"/> to <paramref name="last"/>
    /// (a keyset page is exactly that). Reactions, quotes and files are found by that range on the (room, seq) index
    /// with compiled queries, instead of by a list of ids, which costs EF a translation and SQLite a json_each each time.
    /// </summary>
    public static async Task<List<MessageDto>> BuildRangeAsync(ParleyDb db, Guid roomId, IReadOnlyList<Message> page, CancellationToken ct = default,
        Guid? reader = null)
    {
        if (page.Count == 0) return [];
        long first = page[0].Seq, last = page[^1].Seq;
        if (first > last) (first, last) = (last, first);
        // Most pages have neither reactions nor files: then they cost no query at all.
        var reactions = page.Any(m => m.HasReactions) ? await ListAsync(ReactionsInRange(db, roomId, first, last), ct) : [];
        var quoted = page.Any(m => m.ReplyToId is not null) ? await ListAsync(QuotedInRange(db, roomId, first, last), ct) : [];
        var files = page.Any(m => m.HasFiles) ? await ListAsync(FilesInRange(db, roomId, first, last), ct) : [];
        var previews = await PreviewsOfAsync(db, page, ct);
        return Assemble(page, reactions, quoted, files, previews, await Polls.PollResults.ForAsync(db, page, reader, ct));
    }

    private static readonly Func<ParleyDb, Guid, long, long, IAsyncEnumerable<Reaction>> ReactionsInRange = EF.CompileAsyncQuery(
        (ParleyDb db, Guid roomId, long first, long last) =>
            (from m in db.Messages
             where m.RoomId == roomId && m.Seq >= first && m.Seq <= last
             join r in db.Reactions on m.Id equals r.MessageId
             orderby r.CreatedAt
             select r).AsNoTracking());

    private static readonly Func<ParleyDb, Guid, long, long, IAsyncEnumerable<Message>> QuotedInRange = EF.CompileAsyncQuery(
        (ParleyDb db, Guid roomId, long first, long last) =>
            (from m in db.Messages
             where m.RoomId == roomId && m.Seq >= first && m.Seq <= last
             join q in db.Messages on m.ReplyToId equals (Guid?)q.Id
             select q).AsNoTracking());

    private static readonly Func<ParleyDb, Guid, long, long, IAsyncEnumerable<StoredFile>> FilesInRange = EF.CompileAsyncQuery(
        (ParleyDb db, Guid roomId, long first, long last) =>
            (from m in db.Messages
             where m.RoomId == roomId && m.Seq >= first && m.Seq <= last
             join f in db.Files on (Guid?)m.Id equals f.MessageId
             orderby f.CreatedAt, f.Id
             select f).AsNoTracking());

    private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(ct)) list.Add(row);
        return list;
    }

    // Like files: only messages flagged HasPreviews are asked for, so most pages cost no query.
    private static Task<ILookup<Guid, LinkPreviewDto>> PreviewsOfAsync(ParleyDb db, IReadOnlyList<Message> page, CancellationToken ct) =>
        page.Any(m => m.HasPreviews)
            ? MessagePreviewsQuery.ForAsync(db, page.Where(m => m.HasPreviews).Select(m => m.Id).ToList(), ct)
            : Task.FromResult(MessagePreviewsQuery.None);

    private static List<MessageDto> Assemble(IReadOnlyList<Message> page, List<Reaction> reactions, List<Message> quoted, List<StoredFile> files,
        ILookup<Guid, LinkPreviewDto> previews, IReadOnlyDictionary<Guid, Polls.PollDto> polls)
    {
        var reactionsOf = reactions.ToLookup(r => r.MessageId);
        var quotes = new Dictionary<Guid, ReplyQuote>();
        foreach (var q in quoted) quotes.TryAdd(q.Id, ReplyQuote.From(q));
        var filesOf = files.ToLookup(f => f.MessageId!.Value, FileDto.From);
        // Only flagged messages were asked for reactions, files or previews: the rest share empty arrays instead of a
        // grouping and two lists each (~4 KB of the ~108 KB a history page of 50 allocated, docs/benchmarks.md).
        var dtos = new List<MessageDto>(page.Count);
        foreach (var m in page)
            dtos.Add(From(m,
                m.ReplyToId is { } r && quotes.TryGetValue(r, out var q) ? q : null,
                m.HasReactions ? Group(reactionsOf[m.Id]) : Array.Empty<ReactionDto>(),
                m.HasFiles ? filesOf[m.Id].ToList() : Array.Empty<FileDto>(),
                m.HasPreviews ? previews[m.Id].ToList() : Array.Empty<LinkPreviewDto>(),
                polls.GetValueOrDefault(m.Id)));
        return dtos;
    }

    public static IReadOnlyList<ReactionDto> Group(IEnumerable<Reaction> reactions) =>
        reactions.GroupBy(r => r.Emoji)
            .Select(g => new ReactionDto(g.Key, g.Count(), g.Select(r => r.UserId).ToList()))
            .ToList();
}
