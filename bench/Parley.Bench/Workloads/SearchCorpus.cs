using System.Text;

namespace Parley.Bench.Workloads;

/// <summary>
/// Chat-like text for the search benchmark: words drawn by a Zipf law (a few very common words, a long tail of rare
/// ones, as in real chat), 4–24 words a message, some CJK sentences and links. Deterministic for a seed, so a
/// database seeded once can be queried again by a later run that regenerates the same text without inserting it.
/// </summary>
public sealed class SearchCorpus
{
    private static readonly string[] Common =
    [
        "the", "to", "i", "a", "and", "is", "it", "you", "that", "in", "we", "for", "on", "this", "be", "of", "have", "can",
        "do", "with", "not", "are", "so", "just", "was", "but", "if", "at", "me", "what", "my", "will", "get", "there",
        "ok", "yes", "no", "it's", "think", "need", "know", "now", "all", "like", "from", "one", "out", "up", "about",
        "they", "should", "would", "time", "thanks", "build", "deploy", "release", "review", "merge", "branch", "test",
        "tests", "server", "client", "database", "query", "index", "error", "bug", "fix", "issue", "meeting", "tomorrow",
        "today", "morning", "lunch", "team", "customer", "ticket", "config", "logs", "latency", "migration", "staging",
        "production", "rollback", "dashboard", "alert", "backup", "password", "invoice", "report", "design", "draft",
    ];

    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ter", "van", "dor", "pel", "qui", "sta", "ron", "bex", "tal", "fen", "gri", "hol", "jun",
        "mar", "nor", "pra", "sel", "tor", "vel", "wex", "yan", "zel", "cor", "dru", "est", "fal", "gan",
    ];

    private static readonly string[] Cjk =
    [
        "部署已经完成了", "数据库迁移失败", "明日の会議は十時から", "テストが全部通りました", "请检查服务器日志", "新しいブランチを作成",
        "客户反馈很好", "今日は在宅勤務です", "索引重建需要时间", "バグを修正しました", "下午三点开会", "レビューをお願いします",
    ];

    public IReadOnlyList<string> Words { get; }
    private readonly double[] _cumulative;

    public SearchCorpus(int tailWords = 6000)
    {
        var words = new List<string>(Common);
        var seen = new HashSet<string>(Common);
        var random = new Random(11);
        while (words.Count < Common.Length + tailWords)
        {
            var w = string.Concat(Enumerable.Range(0, 2 + random.Next(3)).Select(_ => Syllables[random.Next(Syllables.Length)]));
            if (seen.Add(w)) words.Add(w);
        }
        Words = words;
        _cumulative = new double[words.Count];
        double sum = 0;
        for (var i = 0; i < words.Count; i++) _cumulative[i] = sum += 1 / Math.Pow(i + 1, 1.07);
        for (var i = 0; i < words.Count; i++) _cumulative[i] /= sum;
    }

    public string Word(Random r)
    {
        var i = Array.BinarySearch(_cumulative, r.NextDouble());
        return Words[Math.Min(i < 0 ? ~i : i, Words.Count - 1)];
    }

    /// <summary>A word whose rank is log-uniform: common and rare words about equally often, as people search.</summary>
    public string QueryWord(Random r) => Words[(int)Math.Min(Words.Count - 1, Math.Exp(r.NextDouble() * Math.Log(Words.Count)))];

    public string Message(Random r)
    {
        var sb = new StringBuilder();
        var n = 4 + r.Next(21);
        for (var i = 0; i < n; i++) { if (i > 0) sb.Append(' '); sb.Append(Word(r)); }
        var extra = r.Next(100);
        if (extra < 5) sb.Append(' ').Append(Cjk[r.Next(Cjk.Length)]);
        else if (extra < 7) sb.Append(" https://docs.example.com/").Append(Word(r)).Append('/').Append(r.Next(1000));
        return sb.ToString();
    }

    /// <summary>Text of about this many characters, for fan-out messages that cost what real ones cost to index.</summary>
    public string Filler(Random r, int size)
    {
        var sb = new StringBuilder(size + 16);
        while (sb.Length < size) { if (sb.Length > 0) sb.Append(' '); sb.Append(Word(r)); }
        return sb.ToString();
    }

    /// <summary>Part of a longer word, at least four letters, from inside it: what only a substring index finds.</summary>
    public string Inside(Random r)
    {
        string w;
        do w = QueryWord(r); while (w.Length < 6);
        var len = 4 + r.Next(Math.Min(3, w.Length - 5));
        return w.Substring(1 + r.Next(w.Length - len - 1), len);
    }

    public string CjkTerm(Random r)
    {
        var s = Cjk[r.Next(Cjk.Length)];
        var len = 2 + r.Next(2);
        return s.Substring(r.Next(s.Length - len + 1), len);
    }
}
