using Parley.Server.Accounts;

namespace Parley.Server.Messages;

/// <summary>
/// Finds @name, @here and @room (@everyone, @channel) in message text, outside `code` and ``` blocks. Names are
/// lower-cased; a name ending in '.', '-' or '_' is also tried without it ("thanks @bob.").
/// </summary>
public static class MentionParser
{
    public const int MaxNames = 50;

    public sealed record Parsed(IReadOnlyList<string> Names, Wildcard Wildcard)
    {
        public static readonly Parsed Empty = new([], Wildcard.None);
        public bool IsEmpty => Names.Count == 0 && Wildcard == Wildcard.None;
    }

    public static Parsed Parse(string text)
    {
        if (!text.Contains('@')) return Parsed.Empty; // the common case costs one scan
        var names = new List<string>();
        var wildcard = Wildcard.None;
        var inFence = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inFence = !inFence; continue; }
            if (inFence || line.StartsWith("    ", StringComparison.Ordinal)) continue;
            var inCode = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (c == '`') { inCode = !inCode; continue; }
                if (c != '@' || inCode) continue;
                if (i > 0 && (char.IsLetterOrDigit(line[i - 1]) || line[i - 1] is '_' or '.' or '-' or '@')) continue; // an e-mail address
                var end = i + 1;
                while (end < line.Length && end - i - 1 < AccountRules.MaxUserName && AccountRules.UserNameCharacters.Contains(line[end])) end++;
                if (end == i + 1) continue;
                var name = line[(i + 1)..end].ToLowerInvariant();
                i = end - 1;
                switch (name.TrimEnd('.', '-', '_'))
                {
                    case "here": wildcard = wildcard == Wildcard.Room ? Wildcard.Room : Wildcard.Here; continue;
                    case "room" or "everyone" or "channel": wildcard = Wildcard.Room; continue;
                }
                if (names.Count < MaxNames * 2 && !names.Contains(name)) names.Add(name);
                var trimmed = name.TrimEnd('.', '-', '_');
                if (trimmed != name && trimmed.Length > 0 && names.Count < MaxNames * 2 && !names.Contains(trimmed)) names.Add(trimmed);
            }
        }
        return names.Count == 0 && wildcard == Wildcard.None ? Parsed.Empty : new Parsed(names, wildcard);
    }
}
