using System.Text;

namespace Parley.Server.Search;

/// <summary>The part of a message around its first match, HTML-escaped, with the matches in &lt;mark&gt;.</summary>
public static class Snippets
{
    public const int Length = 200;
    private const int Before = 60;

    public static string Of(string text, IEnumerable<SearchTerm> terms)
    {
        // Folding maps one char to one char, so positions in the folded text are positions in the text.
        var folded = TextFolding.Fold(text);
        var marks = new List<(int Start, int End)>();
        foreach (var t in terms.Where(t => !t.Excluded))
        {
            var needle = TextFolding.Fold(t.Text);
            if (needle.Length == 0) continue;
            for (var at = folded.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
                marks.Add((at, at + needle.Length));
        }
        marks = Merge(marks);
        var start = 0;
        var end = text.Length;
        if (text.Length > Length)
        {
            start = marks.Count > 0 ? Math.Max(0, marks[0].Start - Before) : 0;
            end = Math.Min(text.Length, start + Length);
            start = Math.Max(0, end - Length);
            if (start > 0 && char.IsLowSurrogate(text[start])) start++;
            if (end < text.Length && char.IsLowSurrogate(text[end])) end++;
        }
        var b = new StringBuilder();
        if (start > 0) b.Append('…');
        var pos = start;
        foreach (var (s, e) in marks)
        {
            if (e <= start || s >= end) continue;
            var from = Math.Max(s, start);
            var to = Math.Min(e, end);
            b.Append(Escape(text[pos..from])).Append("<mark>").Append(Escape(text[from..to])).Append("</mark>");
            pos = to;
        }
        b.Append(Escape(text[pos..end]));
        if (end < text.Length) b.Append('…');
        return b.ToString();
    }

    /// <summary>The five characters HTML needs escaped, and nothing else (accents and emoji stay as they are).</summary>
    public static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    private static List<(int Start, int End)> Merge(List<(int Start, int End)> marks)
    {
        var merged = new List<(int Start, int End)>();
        foreach (var m in marks.OrderBy(m => m.Start))
        {
            if (merged.Count > 0 && m.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, m.End));
            else merged.Add(m);
        }
        return merged;
    }
}
