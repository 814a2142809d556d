using Parley.Server.Data;

namespace Parley.Server.Search;

/// <summary>
/// PostgreSQL: messages.search_words, a tsvector ('simple', folded by parley_search_fold) generated from the text
/// with a GIN index, for whole words, prefixes and relevance; a pg_trgm GIN index on the folded text for text
/// anywhere. Both cover only readable messages (kind 0, not deleted): the conditions below repeat that predicate.
/// </summary>
public sealed class PostgresMessageSearch(ParleyDb db) : MessageSearchSql(db)
{
    /// <summary>How many of the newest messages the first, time-ordered look at a search reads.</summary>
    public const int Window = 10_000;

    /// <summary>
    /// A GIN index can't give its matches newest first, so a common word would collect hundreds of thousands of
    /// matches before sorting. First the newest messages (before the cursor and any before: date) are read in time
    /// order (ix_messages_created_at) and the search stops if they fill the page: every match outside them is older.
    /// Otherwise the term is rare among them, and the indexes find all its matches (behind OFFSET 0, so the planner
    /// can't walk the time index instead on a guess of how common the term is), newest first.
    /// </summary>
    public override async Task<IReadOnlyList<SearchHit>> FindAsync(MessageFilter f, CancellationToken ct = default)
    {
        var q = Compose(f);
        if (!q.Indexed) return await RunAsync(q, q.From, ct);
        var below = q.UpperBound.Length > 0 ? "WHERE " + q.UpperBound : "";
        var newest = await RunAsync(q, $"(SELECT * FROM messages m {below} ORDER BY m.created_at DESC, m.id DESC LIMIT {Window}) m", ct);
        if (newest.Count >= f.Take) return newest;
        return await RunAsync(q, $"(SELECT m.* FROM messages m JOIN rooms r ON r.id = m.room_id WHERE {q.Where} OFFSET 0) m", ct);
    }

    protected override string Contains(string term, Args a) =>
        $"parley_search_fold(m.text) LIKE parley_search_fold({a.Add(LikeAnywhere(term))}) ESCAPE '\\'";

    protected override string WholeWords(string term, Args a) =>
        $"m.search_words @@ phraseto_tsquery('simple', parley_search_fold({a.Add(term)}))";

    protected override string Scan(string term, Args a) => Contains(term, a);

    protected override string Prefix(IReadOnlyList<string> words, Args a) =>
        $"m.search_words @@ to_tsquery('simple', {a.Add(string.Join(" <-> ", words.Select(Quoted)) + ":*")})";

    // An array of rooms lets a bitmap of the room index be ANDed with the GIN index's (IN (…) is a join instead).
    protected override string InRooms(string rooms) => $"m.room_id = ANY(ARRAY({rooms}))";

    // ARRAY(…) is computed once: as IN (…) the planner may run the window again for every candidate row.
    protected override string InWindow(string rooms) =>
        $"m.id = ANY(ARRAY(SELECT w.id FROM messages w WHERE w.room_id IN ({rooms}) ORDER BY w.created_at DESC, w.id DESC LIMIT {ScanWindow}))";

    private static string Quoted(string word) => "'" + word.Replace("'", "''").Replace("\\", "\\\\") + "'";
}
