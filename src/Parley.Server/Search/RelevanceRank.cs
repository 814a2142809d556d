namespace Parley.Server.Search;

/// <summary>
/// BM25 over folded words, the same on both databases: a query word weighs more the rarer it is among the candidates
/// and counts more the more often it appears in a short message. A word found inside a longer one counts half;
/// a prefix counts in full for any word it starts.
/// </summary>
public static class RelevanceRank
{
    private const double K1 = 1.2, B = 0.75, Inside = 0.5;

    public static double[] Scores(IReadOnlyList<string> texts, IReadOnlyList<(string Word, bool Prefix)> query)
    {
        var docs = texts.Select(TextFolding.Words).ToList();
        var scores = new double[docs.Count];
        if (docs.Count == 0 || query.Count == 0) return scores;
        var averageLength = Math.Max(1, docs.Average(d => d.Count));
        foreach (var (word, prefix) in query)
        {
            var tf = docs.Select(d => d.Sum(w => w == word || (prefix && w.StartsWith(word, StringComparison.Ordinal)) ? 1.0
                : w.Contains(word, StringComparison.Ordinal) ? Inside : 0)).ToArray();
            var df = tf.Count(t => t > 0);
            var idf = Math.Log(1 + (docs.Count - df + 0.5) / (df + 0.5));
            for (var i = 0; i < docs.Count; i++)
                if (tf[i] > 0) scores[i] += idf * tf[i] * (K1 + 1) / (tf[i] + K1 * (1 - B + B * docs[i].Count / averageLength));
        }
        return scores;
    }
}
