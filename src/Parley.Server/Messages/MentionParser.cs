using System.Buffers;
using System.Text;
using Parley.Server.Accounts;

namespace Parley.Server.Messages;

/// <summary>
/// Finds @name, @here and @room (@everyone, @channel) in message text, outside code: ``` or ~~~ fences, indented code
/// (4 spaces or a tab after a blank line) and `code spans` (matched backtick runs, per line). "@" must not follow a
/// letter, digit, '_', '.', '-', '@' or '/' (e-mail addresses, URLs); the name starts with a letter or digit, runs over
/// user-name characters and must not run on into another letter ("@josé" is no one). Names are lower-cased; a name
/// ending in '.', '-' or '_' is also tried without it ("thanks @bob."). The web client's lib/mentions.ts is the same
/// rule; tests/shared/mentions.json holds the cases both run.
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
        string? fence = null;
        var codeMayStart = true; // indented code cannot interrupt a paragraph
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (fence is not null)
            {
                if (Fence(line) is { } close && close[0] == fence[0] && close.Length >= fence.Length && line.Trim().Length == close.Length) fence = null;
                codeMayStart = true;
                continue;
            }
            if (Fence(line) is { } open) { fence = open; codeMayStart = true; continue; }
            if (line.Trim().Length == 0) { codeMayStart = true; continue; }
            if (codeMayStart && (line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith('\t'))) continue;
            codeMayStart = IsHeading(line);
            ScanLine(line, names, ref wildcard);
        }
        return names.Count == 0 && wildcard == Wildcard.None ? Parsed.Empty : new Parsed(names, wildcard);
    }

    private static void ScanLine(string line, List<string> names, ref Wildcard wildcard)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && IsAsciiPunctuation(line[i + 1])) { i++; continue; } // "\@bob" is an escaped "@"
            if (c == '`') { i = CodeSpanEnd(line, i) - 1; continue; }
            if (c != '@' || !MayPrecede(line, i)) continue;
            var end = i + 1;
            while (end < line.Length && AccountRules.UserNameCharacters.Contains(line[end])) end++;
            if (end == i + 1 || !char.IsAsciiLetterOrDigit(line[i + 1])) continue;
            var runsOn = end < line.Length && Rune.TryGetRuneAt(line, end, out var next) && Rune.IsLetterOrDigit(next);
            var name = line[(i + 1)..end].ToLowerInvariant();
            i = end - 1;
            if (runsOn) continue;
            var trimmed = name.TrimEnd('.', '-', '_');
            switch (trimmed)
            {
                case "here": wildcard = wildcard == Wildcard.Room ? Wildcard.Room : Wildcard.Here; continue;
                case "room" or "everyone" or "channel": wildcard = Wildcard.Room; continue;
            }
            Add(names, name);
            if (trimmed != name) Add(names, trimmed);
        }
    }

    private static bool IsAsciiPunctuation(char c) => c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~';

    private static void Add(List<string> names, string name)
    {
        if (name.Length <= AccountRules.MaxUserName && names.Count < MaxNames * 2 && !names.Contains(name)) names.Add(name);
    }

    /// <summary>Not after a letter or digit (an e-mail address), nor '_', '.', '-', '@' or '/' (a URL's path).</summary>
    private static bool MayPrecede(string line, int at)
    {
        if (at == 0) return true;
        if (line[at - 1] is '_' or '.' or '-' or '@' or '/') return false;
        return Rune.DecodeLastFromUtf16(line.AsSpan(0, at), out var before, out _) != OperationStatus.Done || !Rune.IsLetterOrDigit(before);
    }

    /// <summary>Where the code span opening at `at` ends (after its closing run), or just past the backticks when none closes it.</summary>
    private static int CodeSpanEnd(string line, int at)
    {
        var open = Run(line, at, '`');
        for (var j = at + open; j < line.Length; j++)
        {
            if (line[j] != '`') continue;
            var close = Run(line, j, '`');
            if (close == open) return j + close;
            j += close - 1;
        }
        return at + open;
    }

    private static int Run(string s, int at, char c)
    {
        var end = at;
        while (end < s.Length && s[end] == c) end++;
        return end - at;
    }

    /// <summary>The fence marker (``` or ~~~, or longer) a line opens or closes with, indented at most 3 spaces.</summary>
    private static string? Fence(string line)
    {
        var indent = Run(line, 0, ' ');
        if (indent > 3 || indent >= line.Length || line[indent] is not ('`' or '~')) return null;
        var length = Run(line, indent, line[indent]);
        if (length < 3) return null;
        if (line[indent] == '`' && line.IndexOf('`', indent + length) >= 0) return null; // backticks in the info string: inline code
        return line.Substring(indent, length);
    }

    private static bool IsHeading(string line)
    {
        var indent = Run(line, 0, ' ');
        if (indent > 3) return false;
        var hashes = Run(line, indent, '#');
        return hashes is >= 1 and <= 6 && (indent + hashes == line.Length || line[indent + hashes] is ' ' or '\t');
    }
}
