using Parley.Server.Data;

namespace Parley.Server.Search;

/// <summary>
/// FTS5: messages_search (unicode61, accents removed) for whole words, prefixes and relevance, and
/// messages_search_trigram for text anywhere (inside words, CJK, addresses). Both are external-content tables over
/// messages, kept by triggers (migration Search) in the transaction that writes the message.
/// </summary>
public sealed class SqliteMessageSearch(ParleyDb db) : MessageSearchSql(db)
{
    protected override string Contains(string term, Args a) =>
        $"m.rowid IN (SELECT rowid FROM messages_search_trigram WHERE messages_search_trigram MATCH {a.Add(FtsPhrase(term))})";

    protected override string WholeWords(string term, Args a) =>
        $"m.rowid IN (SELECT rowid FROM messages_search WHERE messages_search MATCH {a.Add(FtsPhrase(term))})";

    protected override string Scan(string term, Args a) => $"m.text LIKE {a.Add(LikeAnywhere(term))} ESCAPE '\\'";

    protected override string Prefix(IReadOnlyList<string> words, Args a) =>
        $"m.rowid IN (SELECT rowid FROM messages_search WHERE messages_search MATCH {a.Add(FtsPhrase(string.Join(' ', words)) + " *")})";

    protected override (string Join, string Score) Relevance(IReadOnlyList<(string Word, bool Prefix)> words, Args a)
    {
        if (words.Count == 0) return ("", "0.0");
        var any = string.Join(" OR ", words.Select(w => FtsPhrase(w.Word) + (w.Prefix ? " *" : "")));
        // bm25 is smaller for better matches.
        return ($"LEFT JOIN (SELECT rowid AS rid, -bm25(messages_search) AS score FROM messages_search WHERE messages_search MATCH {a.Add(any)}) rel ON rel.rid = m.rowid",
            "COALESCE(rel.score, 0.0)");
    }

    protected override string RowId => "m.rowid AS rowid, ";
}
