using System.Collections.Frozen;

namespace Parley.Server.CustomEmoji;

/// <summary>
/// What a custom emoji may be called: 2–32 of a–z, 0–9, '_', '+', '-' (so <c>:name:</c> is a shortcode reactions
/// already take, <see cref="Messages.Emoji.IsShortcode"/>), and not a standard emoji's shortcode, which clients draw as
/// that emoji first. The standard names are the web client's (web/src/features/emoji/standard-shortcodes.txt, embedded
/// here), which a Vitest beside that file keeps equal to the client's emoji data and aliases.
/// </summary>
public static class EmojiNames
{
    public const int MinLength = 2, MaxLength = 32;

    private static readonly FrozenSet<string> Standard = LoadStandard();

    /// <summary>The name as stored: trimmed, and without the colons someone may type around it.</summary>
    public static string Normalize(string? name)
    {
        var n = (name ?? "").Trim();
        return n.Length >= 2 && n[0] == ':' && n[^1] == ':' ? n[1..^1] : n;
    }

    /// <summary>Why the (normalized) name can't be used, or null.</summary>
    public static string? Problem(string name) =>
        name.Length is < MinLength or > MaxLength ? $"The name must be {MinLength} to {MaxLength} characters."
        : name.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789_+-") >= 0 ? "Use only lower-case letters, digits, _, + and -."
        : Standard.Contains(name) ? $":{name}: is a standard emoji's name already."
        : null;

    public static bool IsValid(string name) => Problem(name) is null;

    public static bool IsStandard(string name) => Standard.Contains(name);

    private static FrozenSet<string> LoadStandard()
    {
        using var stream = typeof(EmojiNames).Assembly.GetManifestResourceStream("Parley.Server.CustomEmoji.standard-shortcodes.txt")
            ?? throw new InvalidOperationException("standard-shortcodes.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Trim() is { Length: > 0 } name && name[0] != '#') names.Add(name);
        return names.ToFrozenSet(StringComparer.Ordinal);
    }
}
