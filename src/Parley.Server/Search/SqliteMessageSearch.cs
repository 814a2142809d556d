using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Search;

/// <summary>
/// FTS5: messages_search (unicode61, accents removed) for whole words, prefixes and relevance, and
/// messages_search_trigram for text anywhere (inside words, CJK, addresses). Both are external-content tables over
/// messages: new ones added in catch-ups (SqliteSearchIndex), the last of them here before every search, so a search
/// finds every stored message; edits and deletes of indexed ones by triggers in their own statement. The trigram
/// table keeps no positions (migration SearchTrigramsWithoutPositions): it gives the messages holding every trigram of
/// a term, and their folded text is read for the term itself, as PostgreSQL's trigram index is used.
/// </summary>
public sealed class SqliteMessageSearch(ParleyDb db) : MessageSearchSql(db)
{
    public override async Task<IReadOnlyList<SearchHit>> FindAsync(MessageFilter f, CancellationToken ct = default)
    {
        // Registered on the context's connection, so at its next open too (a pooled context keeps its connection).
        if (Db.Database.GetDbConnection() is SqliteConnection connection)
            connection.CreateFunction<string?, string?>("parley_fold", t => t is null ? null : TextFolding.FoldForMatch(t), isDeterministic: true);
        await SqliteSearchIndex.CatchUpAsync(Db, 1, ct);
        return await base.FindAsync(f, ct);
    }

    protected override string Contains(string term, Args a) =>
        $"(m.rowid IN (SELECT rowid FROM messages_search_trigram WHERE messages_search_trigram MATCH {a.Add(Trigrams(term))}) AND {Holds(term, a)})";

    protected override string WholeWords(string term, Args a) =>
        $"m.rowid IN (SELECT rowid FROM messages_search WHERE messages_search MATCH {a.Add(FtsPhrase(term))})";

    protected override string Scan(string term, Args a) => $"m.text LIKE {a.Add(LikeAnywhere(term))} ESCAPE '\\'";

    protected override string Prefix(IReadOnlyList<string> words, Args a) =>
        $"m.rowid IN (SELECT rowid FROM messages_search WHERE messages_search MATCH {a.Add(FtsPhrase(string.Join(' ', words)) + " *")})";

    /// <summary>
    /// The trigram index (or, without trigram terms, the word index) as the outer loop, newest rowid first: FTS5 reads
    /// its matches in rowid order, so a common word stops after a page of readable hits. Rowids grow with each message
    /// stored, so this is newest first, as the other database orders by time.
    /// </summary>
    protected override Driver? Drive(IReadOnlyList<SearchTerm> wanted, Args a)
    {
        var trigrams = wanted.Where(t => IndexFor(t) == TermIndex.Trigrams).ToList();
        var (table, terms) = trigrams.Count > 0 ? ("messages_search_trigram", trigrams)
            : ("messages_search", wanted.Where(t => IndexFor(t) == TermIndex.Words).ToList());
        if (terms.Count == 0) return null;
        var all = string.Join(" AND ", terms.Select(t =>
            trigrams.Count > 0 ? Trigrams(t.Text)
            : t.Kind == SearchTermKind.Prefix ? FtsPhrase(string.Join(' ', TextFolding.Words(t.Text))) + " *" : FtsPhrase(t.Text)));
        var match = $"f.{table} MATCH {a.Add(all)}";
        if (trigrams.Count > 0) match += string.Concat(trigrams.Select(t => " AND " + Holds(t.Text, a)));
        return new Driver(terms, $"{table} f CROSS JOIN messages m ON m.rowid = f.rowid", match, "f.rowid DESC",
            (id, args) => $"f.rowid < (SELECT rowid FROM messages WHERE id = {args.Add(id)})");
    }

    /// <summary>Every trigram of the term as a term of its own: the table has no positions to match them as a phrase.</summary>
    private static string Trigrams(string term)
    {
        var runes = term.EnumerateRunes().Select(r => r.ToString()).ToList();
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= runes.Count; i++) grams.Add(runes[i] + runes[i + 1] + runes[i + 2]);
        return string.Join(" AND ", grams.Select(FtsPhrase));
    }

    /// <summary>The message's text holds the term, both folded alike (<see cref="TextFolding.FoldForMatch"/>).</summary>
    private static string Holds(string term, Args a) => $"instr(parley_fold(m.text), {a.Add(TextFolding.FoldForMatch(term))}) > 0";

    protected override string InWindow(string rooms) =>
        $"m.rowid IN (SELECT w.rowid FROM messages w WHERE w.room_id IN ({rooms}) ORDER BY w.rowid DESC LIMIT {ScanWindow})";
}
