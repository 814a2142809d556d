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
    /// <summary>How many of the newest readable messages a scan (a term no index can find) looks through at most.</summary>
    public const int ScanWindow = 20_000;

    /// <summary>Positional arguments of the statement: EF maps each CLR value as its columns are stored ({0}, {1} …).</summary>
    protected sealed class Args
    {
        public List<object> Values { get; } = [];
        public string Add(object value) { Values.Add(value); return "{" + (Values.Count - 1) + "}"; }
    }

    /// <summary>The term anywhere in the text, inside words too (a trigram index).</summary>
    protected abstract string Contains(string term, Args a);
    /// <summary>The term as whole words (a word index): for terms shorter than a trigram.</summary>
    protected abstract string WholeWords(string term, Args a);
    /// <summary>The term anywhere, by reading the text (shorter than a trigram in a script without spaces).</summary>
    protected abstract string Scan(string term, Args a);
    /// <summary>Words starting so (the last one a prefix).</summary>
    protected abstract string Prefix(IReadOnlyList<string> words, Args a);
    /// <summary>A join adding the relevance of a match to any of these words, and the score expression it gives.</summary>
    protected abstract (string Join, string Score) Relevance(IReadOnlyList<(string Word, bool Prefix)> words, Args a);

    public async Task<IReadOnlyList<SearchHit>> FindAsync(MessageFilter f, CancellationToken ct = default)
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

        var where = new StringBuilder(readable.ToString());
        var indexed = false;
        foreach (var t in f.Terms)
        {
            string match;
            if (t.Kind == SearchTermKind.Prefix) { match = Prefix(TextFolding.Words(t.Text), a); indexed |= !t.Excluded; }
            else if (TextFolding.NeedsScan(t.Text)) match = Scan(t.Text, a);
            else if (TextFolding.TooShortForTrigrams(t.Text)) { match = WholeWords(t.Text, a); indexed |= !t.Excluded; }
            else { match = Contains(t.Text, a); indexed |= !t.Excluded; }
            where.Append(t.Excluded ? $"\nAND NOT ({match})" : $"\nAND {match}");
        }
        if (f.Senders.Count > 0) where.Append($"\nAND m.sender_id IN ({string.Join(", ", f.Senders.Select(s => a.Add(s)))})");
        if (f.Rooms.Count > 0) where.Append($"\nAND m.room_id IN ({string.Join(", ", f.Rooms.Select(r => a.Add(r)))})");
        if (f.Since is { } since) where.Append($"\nAND m.created_at >= {a.Add(since)}");
        if (f.Until is { } until) where.Append($"\nAND m.created_at < {a.Add(until)}");
        if (f.Has.Contains("file")) where.Append($"\nAND m.has_files = {a.Add(true)}");
        if (f.Has.Contains("image")) where.Append("\nAND EXISTS (SELECT 1 FROM files fi WHERE fi.message_id = m.id AND fi.content_type LIKE 'image/%')");
        if (f.Has.Contains("link")) where.Append("\nAND (m.text LIKE '%http://%' OR m.text LIKE '%https://%')");
        if (f.IsMention) where.Append($"\nAND EXISTS (SELECT 1 FROM mentions mn WHERE mn.message_id = m.id AND mn.user_id = {me})");
        if (!f.ByRelevance && f.Cursor is { } c)
        {
            var at = a.Add(c.CreatedAt);
            where.Append($"\nAND (m.created_at < {at} OR (m.created_at = {at} AND m.id < {a.Add(c.Id)}))");
        }

        // Nothing indexed narrows the search: read only the newest readable messages (a bounded scan).
        var source = indexed || !f.Terms.Any(t => !t.Excluded) ? "messages"
            : $"(SELECT {RowId}m.* FROM messages m JOIN rooms r ON r.id = m.room_id WHERE {readable} ORDER BY m.created_at DESC LIMIT {ScanWindow})";
        var (join, score) = f.ByRelevance
            ? Relevance(f.Terms.Where(t => !t.Excluded).SelectMany(t =>
                {
                    var words = TextFolding.Words(t.Text);
                    return words.Select((w, i) => (w, t.Kind == SearchTermKind.Prefix && i == words.Count - 1));
                }).ToList(), a)
            : ("", "0.0");
        var order = f.ByRelevance ? "\"Score\" DESC, m.created_at DESC, m.id DESC" : "m.created_at DESC, m.id DESC";
        var page = f.ByRelevance ? $"LIMIT {f.Take} OFFSET {f.Cursor?.Offset ?? 0}" : $"LIMIT {f.Take}";
        var sql = $"""
            SELECT m.id AS "MessageId", m.created_at AS "CreatedAt", {score} AS "Score"
            FROM {source} m JOIN rooms r ON r.id = m.room_id {join}
            WHERE {where}
            ORDER BY {order}
            {page}
            """;
        var rows = await db.Database.SqlQueryRaw<SearchHit>(sql, [.. a.Values]).ToListAsync(ct);
        return rows.Select(h => h with { CreatedAt = DateTime.SpecifyKind(h.CreatedAt, DateTimeKind.Utc) }).ToList();
    }

    /// <summary>What a bounded scan's subquery selects besides the columns, so the outer query can still say m.rowid (SQLite).</summary>
    protected virtual string RowId => "";

    protected static string FtsPhrase(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";

    protected static string LikeAnywhere(string s) =>
        "%" + s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
