using System.Text;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Search;

/// <summary>
/// The search query both databases share: permission, operators and paging in one statement, so the user's rooms
/// are joined before the LIMIT (never filtered after it). Each database says how it matches text.
/// </summary>
public abstract class MessageSearchSql(ParleyDb db) : IMessageSearch
{
    protected ParleyDb Db => db;

    /// <summary>How many of the newest messages of readable rooms a scan (a term no index can find) looks through at most.</summary>
    public const int ScanWindow = 20_000;

    /// <summary>How many of the newest matches relevance ranks (a page deeper than this is not offered).</summary>
    public const int RelevanceWindow = 1_000;

    /// <summary>Positional arguments of the statement: EF maps each CLR value as its columns are stored ({0}, {1} …).</summary>
    protected sealed class Args
    {
        public List<object> Values { get; } = [];
        public string Add(object value) { Values.Add(value); return "{" + (Values.Count - 1) + "}"; }
        public Args Copy() { var copy = new Args(); copy.Values.AddRange(Values); return copy; }
    }

    /// <summary>The term anywhere in the text, inside words too (a trigram index).</summary>
    protected abstract string Contains(string term, Args a);
    /// <summary>The term as whole words (a word index): for terms shorter than a trigram.</summary>
    protected abstract string WholeWords(string term, Args a);
    /// <summary>The term anywhere, by reading the text (shorter than a trigram in a script without spaces).</summary>
    protected abstract string Scan(string term, Args a);
    /// <summary>Words starting so (the last one a prefix).</summary>
    protected abstract string Prefix(IReadOnlyList<string> words, Args a);

    /// <summary>
    /// One search as parts of a statement: the arguments, the readable-and-matching condition, where rows come from
    /// (From names messages m), newest-first order, whether an index narrows it, and the relevance join.
    /// </summary>
    protected sealed record Composed(MessageFilter Filter, Args Args, string Where, string From, string Newest, bool Indexed,
        string UpperBound, string LowerBound);

    public virtual async Task<IReadOnlyList<SearchHit>> FindAsync(MessageFilter f, CancellationToken ct = default)
    {
        var q = Compose(f);
        return await RunAsync(q, q.From, ct);
    }

    /// <param name="byRoomIndex">Whether the statement names the rooms in a form their index can narrow it by: dear
    /// for a reader of many busy rooms, so left out where the text index alone finds few rows.</param>
    protected Composed Compose(MessageFilter f, bool byRoomIndex = true)
    {
        var a = new Args();
        var me = a.Add(f.Me);
        var readable = new StringBuilder($"""
            m.kind = 0 AND m.deleted_at IS NULL
            AND (EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = m.room_id AND rm.user_id = {me})
            """);
        if (f.MayReadPublicRooms)
            readable.Append($"""

                 OR (r.kind = 0 AND NOT EXISTS (SELECT 1 FROM room_sanctions s WHERE s.room_id = m.room_id AND s.user_id = {me}
                     AND s.kind = 0 AND (s.expires_at IS NULL OR s.expires_at > {a.Add(f.Now)})))
                """);
        readable.Append($"""
            )
            AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = {me} AND b.blocked_id = m.sender_id)
            """);
        // The rooms that may hold readable messages, as a list an index on room_id can use (the test above stays exact).
        var rooms = $"SELECT room_id FROM room_members WHERE user_id = {me}" + (f.MayReadPublicRooms ? " UNION ALL SELECT id FROM rooms WHERE kind = 0" : "");

        var where = new StringBuilder(readable.ToString());
        if (byRoomIndex) where.Append($"\nAND {InRooms(rooms)}");
        var driver = Drive([.. f.Terms.Where(t => !t.Excluded)], a);
        if (driver is not null) where.Append($"\nAND {driver.Match}");
        var indexed = driver is not null;
        foreach (var t in f.Terms)
        {
            if (driver is not null && driver.Terms.Contains(t)) continue;
            var index = IndexFor(t);
            var match = index switch
            {
                TermIndex.Words when t.Kind == SearchTermKind.Prefix => Prefix(TextFolding.Words(t.Text), a),
                TermIndex.Words => WholeWords(t.Text, a),
                TermIndex.Trigrams => Contains(t.Text, a),
                _ => Scan(t.Text, a),
            };
            indexed |= !t.Excluded && index != TermIndex.Scan;
            where.Append(t.Excluded ? $"\nAND NOT ({match})" : $"\nAND {match}");
        }
        if (f.Senders.Count > 0) where.Append($"\nAND m.sender_id IN ({string.Join(", ", f.Senders.Select(s => a.Add(s)))})");
        if (f.Rooms.Count > 0) where.Append($"\nAND m.room_id IN ({string.Join(", ", f.Rooms.Select(r => a.Add(r)))})");
        var lower = f.Since is { } since ? $"m.created_at >= {a.Add(since)}" : "";
        if (lower.Length > 0) where.Append($"\nAND {lower}");
        var upper = new List<string>();
        if (f.Until is { } until)
        {
            upper.Add($"m.created_at < {a.Add(until)}");
            where.Append($"\nAND {upper[^1]}");
        }
        if (f.Has.Contains("file")) where.Append($"\nAND m.has_files = {a.Add(true)}");
        if (f.Has.Contains("image")) where.Append("\nAND EXISTS (SELECT 1 FROM files fi WHERE fi.message_id = m.id AND fi.content_type LIKE 'image/%')");
        if (f.Has.Contains("link")) where.Append("\nAND (m.text LIKE '%http://%' OR m.text LIKE '%https://%')");
        if (f.IsMention) where.Append($"\nAND EXISTS (SELECT 1 FROM mentions mn WHERE mn.message_id = m.id AND mn.user_id = {me})");
        if (!f.ByRelevance && f.Cursor is { } c)
        {
            string cursorBound;
            if (driver is not null) cursorBound = driver.After(c.Id, a);
            else
            {
                var at = a.Add(c.CreatedAt);
                cursorBound = $"(m.created_at < {at} OR (m.created_at = {at} AND m.id < {a.Add(c.Id)}))";
            }
            upper.Add(cursorBound);
            where.Append($"\nAND {cursorBound}");
        }

        // Nothing indexed narrows the search: read only the newest messages of the rooms that may be read (a bounded
        // scan). Only their keys are ordered, from the room index, before any text is read.
        if (driver is null && !indexed && f.Terms.Any(t => !t.Excluded))
            where.Append($"\nAND {InWindow(rooms)}");
        var from = driver?.From ?? "messages m";
        return new Composed(f, a, where.ToString(), from, driver?.Order ?? "m.created_at DESC, m.id DESC", indexed, string.Join(" AND ", upper), lower);
    }

    /// <summary>The search as one statement over rows from <paramref name="from"/> (messages m, or a part of them).</summary>
    protected async Task<IReadOnlyList<SearchHit>> RunAsync(Composed q, string from, CancellationToken ct)
    {
        var f = q.Filter;
        if (!f.ByRelevance)
        {
            var page = $"""
                SELECT m.id AS "MessageId", m.created_at AS "CreatedAt", 0.0 AS "Score"
                FROM {from} JOIN rooms r ON r.id = m.room_id
                WHERE {q.Where}
                ORDER BY {q.Newest}
                LIMIT {f.Take}
                """;
            var rows = await db.Database.SqlQueryRaw<SearchHit>(page, [.. q.Args.Values]).ToListAsync(ct);
            return rows.Select(h => h with { CreatedAt = DateTime.SpecifyKind(h.CreatedAt, DateTimeKind.Utc) }).ToList();
        }
        // Only the newest matches are ranked: ranking every match of a common word would read most of the index.
        var newest = $"""
            SELECT m.id AS "MessageId", m.created_at AS "CreatedAt", m.text AS "Text"
            FROM {from} JOIN rooms r ON r.id = m.room_id
            WHERE {q.Where}
            ORDER BY {q.Newest}
            LIMIT {RelevanceWindow}
            """;
        var candidates = await db.Database.SqlQueryRaw<Candidate>(newest, [.. q.Args.Values]).ToListAsync(ct);
        var words = f.Terms.Where(t => !t.Excluded).SelectMany(t =>
        {
            var w = TextFolding.Words(t.Text);
            return w.Select((word, i) => (word, t.Kind == SearchTermKind.Prefix && i == w.Count - 1));
        }).ToList();
        var scores = RelevanceRank.Scores([.. candidates.Select(c => c.Text)], words);
        return candidates.Select((c, i) => new SearchHit(c.MessageId, DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc), scores[i]))
            .OrderByDescending(h => h.Score).ThenByDescending(h => h.CreatedAt).ThenByDescending(h => h.MessageId)
            .Skip(f.Cursor?.Offset ?? 0).Take(f.Take).ToList();
    }

    private sealed record Candidate(Guid MessageId, DateTime CreatedAt, string Text);

    /// <summary>Which index finds a term: words (whole words, prefixes), trigrams (text anywhere) or none (a scan).</summary>
    protected enum TermIndex { Words, Trigrams, Scan }

    protected static TermIndex IndexFor(SearchTerm t) =>
        t.Kind == SearchTermKind.Prefix ? TermIndex.Words
        : TextFolding.NeedsScan(t.Text) ? TermIndex.Scan
        : TextFolding.TooShortForTrigrams(t.Text) ? TermIndex.Words
        // "A quoted phrase" is whole words in order: the word index reads the phrase's words, not every trigram in it.
        : t.Kind == SearchTermKind.Phrase && TextFolding.Spaced(t.Text) ? TermIndex.Words
        : TermIndex.Trigrams;

    /// <summary>
    /// An index that yields its matches newest first, read as the statement's outer loop so it stops once the page is
    /// full instead of collecting every match of a common word first. From names messages m; Match is the index's
    /// condition for the terms it covers; Order is newest first in its terms; After(id) starts after that message.
    /// </summary>
    protected sealed record Driver(IReadOnlyList<SearchTerm> Terms, string From, string Match, string Order, Func<Guid, Args, string> After);

    /// <summary>The index that drives the statement for these wanted terms, if the database has one that reads in order.</summary>
    protected virtual Driver? Drive(IReadOnlyList<SearchTerm> wanted, Args a) => null;

    /// <summary>m in one of these rooms (a subquery giving room ids), in a form the database's room index can use.</summary>
    protected virtual string InRooms(string rooms) => $"m.room_id IN ({rooms})";

    /// <summary>m among the newest <see cref="ScanWindow"/> messages of these rooms (a subquery giving room ids).</summary>
    protected abstract string InWindow(string rooms);


    protected static string FtsPhrase(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";

    protected static string LikeAnywhere(string s) =>
        "%" + s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
