using System.Globalization;
using Parley.Server.Infrastructure;

namespace Parley.Server.Search;

/// <summary>What a search asks for, parsed from the words people type (Slack's and Mattermost's operators).</summary>
public sealed record SearchQuery(
    IReadOnlyList<SearchTerm> Terms,
    IReadOnlyList<string> From,
    IReadOnlyList<RoomName> In,
    DateOnly? Before,
    DateOnly? After,
    DateOnly? On,
    IReadOnlySet<string> Has,
    bool IsMention)
{
    public static readonly string[] Operators = ["from", "in", "before", "after", "on", "has", "is"];

    /// <summary>Reads <paramref name="q"/>; <paramref name="today"/> (in the user's time zone) resolves today and yesterday. 400 on q naming the part at fault.</summary>
    public static SearchQuery Parse(string? q, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(q)) throw Bad("Type something to search for.");
        if (q.Length > 500) throw Bad("A search is at most 500 characters.");
        var terms = new List<SearchTerm>();
        var from = new List<string>();
        var rooms = new List<RoomName>();
        var has = new HashSet<string>();
        DateOnly? before = null, after = null, on = null;
        var isMention = false;
        var i = 0;
        while (i < q.Length)
        {
            if (char.IsWhiteSpace(q[i])) { i++; continue; }
            var excluded = q[i] == '-' && i + 1 < q.Length && !char.IsWhiteSpace(q[i + 1]);
            if (excluded) i++;
            if (q[i] == '"')
            {
                var end = q.IndexOf('"', i + 1);
                if (end < 0) throw Bad($"The quote before \"{Short(q[(i + 1)..])}\" is not closed: add a \" after the phrase.");
                var phrase = string.Join(' ', q[(i + 1)..end].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                if (phrase.Length > 0) terms.Add(new SearchTerm(phrase, SearchTermKind.Phrase, excluded));
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < q.Length && !char.IsWhiteSpace(q[i])) i++;
            var word = q[start..i];
            var colon = word.IndexOf(':');
            if (colon > 0 && word[..colon].All(char.IsAsciiLetter) && !word[(colon + 1)..].StartsWith("//", StringComparison.Ordinal))
            {
                var op = word[..colon].ToLowerInvariant();
                var value = word[(colon + 1)..];
                if (Operators.Contains(op))
                {
                    if (excluded) throw Bad($"\"{op}:\" can't be excluded: remove the - before it.");
                    switch (op)
                    {
                        case "from": from.Add(Person(op, value)); break;
                        case "in": rooms.Add(Room(value)); break;
                        case "before": before = Date(op, value, today); break;
                        case "after": after = Date(op, value, today); break;
                        case "on": on = Date(op, value, today); break;
                        case "has":
                            var kind = value.ToLowerInvariant();
                            if (kind is not ("file" or "image" or "link")) throw Bad($"\"has:{value}\": has: takes file, image or link.");
                            has.Add(kind);
                            break;
                        default:
                            if (!value.Equals("mention", StringComparison.OrdinalIgnoreCase)) throw Bad($"\"is:{value}\": is: takes mention.");
                            isMention = true;
                            break;
                    }
                    continue;
                }
                if (Closest(op) is { } meant) throw Bad($"Unknown operator \"{op}:\". Did you mean \"{meant}:\"?");
            }
            if (word.Length > 1 && word.EndsWith('*'))
            {
                var stem = word.TrimEnd('*');
                if (!stem.Any(char.IsLetterOrDigit)) throw Bad($"\"{word}\": a prefix needs a letter or digit before the *.");
                // One letter would be every word starting with it: nearly every message, read in full to be merged.
                if (stem.Count(char.IsLetterOrDigit) < 2) throw Bad($"\"{word}\": a prefix needs at least two letters or digits before the *.");
                terms.Add(new SearchTerm(stem, SearchTermKind.Prefix, excluded));
                continue;
            }
            if (word == "*") throw Bad("\"*\" alone matches everything: put it after the start of a word, like meet*.");
            terms.Add(new SearchTerm(word, SearchTermKind.Word, excluded));
        }
        var hasOperator = from.Count + rooms.Count + has.Count > 0 || before is not null || after is not null || on is not null || isMention;
        if (!terms.Any(t => !t.Excluded) && !hasOperator)
            throw Bad(terms.Count > 0 ? "Add a word or an operator besides the excluded words." : "Type something to search for.");
        return new SearchQuery(terms, from.Distinct().ToList(), rooms.Distinct().ToList(), before, after, on, has, isMention);
    }

    private static string Person(string op, string value)
    {
        var name = value.TrimStart('@');
        if (name.Length == 0) throw Bad($"\"{op}:\" needs a name, like {op}:@alice.");
        return name.ToLowerInvariant();
    }

    private static RoomName Room(string value)
    {
        if (value.StartsWith('@'))
        {
            var person = value[1..];
            if (person.Length == 0) throw Bad("\"in:@\" needs a name, like in:@alice for your direct messages with Alice.");
            return new RoomName(person.ToLowerInvariant(), IsPerson: true);
        }
        var name = value.TrimStart('#');
        if (name.Length == 0) throw Bad("\"in:\" needs a conversation, like in:#general or in:@alice.");
        return new RoomName(name.ToLowerInvariant(), IsPerson: false);
    }

    private static DateOnly Date(string op, string value, DateOnly today) => value.ToLowerInvariant() switch
    {
        "today" => today,
        "yesterday" => today.AddDays(-1),
        _ => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw Bad($"\"{op}:\" needs a date (2026-11-30, yesterday, today)."),
    };

    /// <summary>The operator a typo most likely meant: one edit away (a swap counts as one), two for longer names.</summary>
    private static string? Closest(string typed) => Operators
        .Select(op => (op, d: Distance(typed, op)))
        .Where(x => x.d <= (x.op.Length >= 5 ? 2 : 1))
        .OrderBy(x => x.d).Select(x => x.op).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    private static string Short(string s) => s.Length <= 20 ? s : s[..20] + "…";

    private static ParleyError Bad(string sentence) => ParleyError.Invalid("q", sentence);
}

public enum SearchTermKind
{
    /// <summary>Found anywhere in the text, inside words too (case and accents ignored).</summary>
    Word,
    /// <summary>"exact phrase": the words in this order.</summary>
    Phrase,
    /// <summary>meet*: a word starting so.</summary>
    Prefix,
}

public sealed record SearchTerm(string Text, SearchTermKind Kind, bool Excluded = false);

/// <summary>in:#room (a room by name) or in:@name (the direct messages with that person).</summary>
public sealed record RoomName(string Name, bool IsPerson);
