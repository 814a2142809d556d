using Parley.Server.Data;

namespace Parley.Server.Search;

/// <summary>
/// PostgreSQL: messages.search_words, a tsvector ('simple', folded by parley_search_fold) generated from the text
/// with a GIN index, for whole words, prefixes and relevance; a pg_trgm GIN index on the folded text for text
/// anywhere. Both cover only readable messages (kind 0, not deleted): the conditions below repeat that predicate.
/// </summary>
public sealed class PostgresMessageSearch(ParleyDb db) : MessageSearchSql(db)
{
    protected override string Contains(string term, Args a) =>
        $"parley_search_fold(m.text) LIKE parley_search_fold({a.Add(LikeAnywhere(term))}) ESCAPE '\\'";

    protected override string WholeWords(string term, Args a) =>
        $"m.search_words @@ phraseto_tsquery('simple', parley_search_fold({a.Add(term)}))";

    protected override string Scan(string term, Args a) => Contains(term, a);

    protected override string Prefix(IReadOnlyList<string> words, Args a) =>
        $"m.search_words @@ to_tsquery('simple', {a.Add(string.Join(" <-> ", words.Select(Quoted)) + ":*")})";

    protected override (string Join, string Score) Relevance(IReadOnlyList<(string Word, bool Prefix)> words, Args a)
    {
        if (words.Count == 0) return ("", "0.0");
        var any = string.Join(" | ", words.Select(w => Quoted(w.Word) + (w.Prefix ? ":*" : "")));
        return ("", $"COALESCE(ts_rank(m.search_words, to_tsquery('simple', {a.Add(any)})), 0)::float8");
    }

    private static string Quoted(string word) => "'" + word.Replace("'", "''").Replace("\\", "\\\\") + "'";
}
