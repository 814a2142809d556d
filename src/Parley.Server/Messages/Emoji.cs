using System.Text;

namespace Parley.Server.Messages;

/// <summary>
/// Is this text one emoji? The shapes of Unicode's emoji sequences (UTS #51): a pictograph with an optional emoji
/// presentation selector (U+FE0F) or skin tone, a flag (two regional indicators, or a black flag with tag letters),
/// a keycap, or such elements joined by zero-width joiners (👩‍👩‍👧). Letters, markup, spaces and direction controls
/// are not emoji. Reactions ask here (<see cref="IsReaction"/>), and also take a <c>:shortcode:</c>, which clients
/// draw as the emoji it names.
/// </summary>
public static class Emoji
{
    public const int MaxLength = 64;

    /// <summary>One emoji, or a <c>:shortcode:</c> of lower-case ASCII letters, digits, '_', '+' and '-' (":+1:", ":tada:").</summary>
    public static bool IsReaction(string? text) => IsEmoji(text) || IsShortcode(text);

    public static bool IsShortcode(string? text) =>
        text is { Length: >= 3 and <= 34 } && text[0] == ':' && text[^1] == ':'
        && text.AsSpan(1, text.Length - 2).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789_+-") < 0;

    public static bool IsEmoji(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength) return false;
        var runes = new List<int>();
        foreach (var r in text.EnumerateRunes()) runes.Add(r.Value);
        var i = 0;
        while (true)
        {
            if (!Element(runes, ref i)) return false;
            if (i == runes.Count) return true;
            if (runes[i] != ZeroWidthJoiner) return false;
            i++;
        }
    }

    private const int ZeroWidthJoiner = 0x200D, PresentationSelector = 0xFE0F, Keycap = 0x20E3, BlackFlag = 0x1F3F4, CancelTag = 0xE007F;

    private static bool Element(List<int> r, ref int i)
    {
        if (i >= r.Count) return false;
        var c = r[i];
        if (IsRegionalIndicator(c)) // a flag: exactly two
        {
            if (i + 1 >= r.Count || !IsRegionalIndicator(r[i + 1])) return false;
            i += 2;
            return true;
        }
        if (c is >= '0' and <= '9' or '#' or '*') // a keycap: 1️⃣
        {
            i++;
            if (i < r.Count && r[i] == PresentationSelector) i++;
            if (i >= r.Count || r[i] != Keycap) return false;
            i++;
            return true;
        }
        if (c == BlackFlag && i + 1 < r.Count && IsTag(r[i + 1])) // a subdivision flag: 🏴 + tag letters + cancel tag
        {
            i++;
            while (i < r.Count && IsTag(r[i])) i++;
            if (i >= r.Count || r[i] != CancelTag) return false;
            i++;
            return true;
        }
        if (!IsPictographic(c)) return false;
        i++;
        if (i < r.Count && (r[i] == PresentationSelector || IsSkinTone(r[i]))) i++;
        return true;
    }

    private static bool IsRegionalIndicator(int c) => c is >= 0x1F1E6 and <= 0x1F1FF;
    private static bool IsSkinTone(int c) => c is >= 0x1F3FB and <= 0x1F3FF;
    private static bool IsTag(int c) => c is >= 0xE0020 and <= 0xE007E;

    /// <summary>Unicode's Extended_Pictographic property (emoji-data.txt), plus the skin tones, which also stand alone.</summary>
    private static bool IsPictographic(int c)
    {
        if (IsSkinTone(c)) return true;
        int lo = 0, hi = Pictographs.Length / 2 - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (c < Pictographs[2 * mid]) hi = mid - 1;
            else if (c > Pictographs[2 * mid + 1]) lo = mid + 1;
            else return true;
        }
        return false;
    }

    // Inclusive ranges, ascending. Whole future blocks (U+1FC00–U+1FFFD …) are included, as Unicode does, so new emoji pass.
    private static readonly int[] Pictographs =
    [
        0x00A9, 0x00A9, 0x00AE, 0x00AE, 0x203C, 0x203C, 0x2049, 0x2049, 0x2122, 0x2122, 0x2139, 0x2139,
        0x2194, 0x2199, 0x21A9, 0x21AA, 0x231A, 0x231B, 0x2328, 0x2328, 0x2388, 0x2388, 0x23CF, 0x23CF,
        0x23E9, 0x23F3, 0x23F8, 0x23FA, 0x24C2, 0x24C2, 0x25AA, 0x25AB, 0x25B6, 0x25B6, 0x25C0, 0x25C0,
        0x25FB, 0x25FE, 0x2600, 0x2605, 0x2607, 0x2612, 0x2614, 0x2685, 0x2690, 0x2705, 0x2708, 0x2712,
        0x2714, 0x2714, 0x2716, 0x2716, 0x271D, 0x271D, 0x2721, 0x2721, 0x2728, 0x2728, 0x2733, 0x2734,
        0x2744, 0x2744, 0x2747, 0x2747, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757,
        0x2763, 0x2767, 0x2795, 0x2797, 0x27A1, 0x27A1, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2934, 0x2935,
        0x2B05, 0x2B07, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x3030, 0x3030, 0x303D, 0x303D,
        0x3297, 0x3297, 0x3299, 0x3299,
        0x1F000, 0x1F0FF, 0x1F10D, 0x1F10F, 0x1F12F, 0x1F12F, 0x1F16C, 0x1F171, 0x1F17E, 0x1F17F,
        0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F1AD, 0x1F1E5, 0x1F201, 0x1F20F, 0x1F21A, 0x1F21A,
        0x1F22F, 0x1F22F, 0x1F232, 0x1F23A, 0x1F23C, 0x1F23F, 0x1F249, 0x1F3FA, 0x1F400, 0x1F53D,
        0x1F546, 0x1F64F, 0x1F680, 0x1F6FF, 0x1F774, 0x1F77F, 0x1F7D5, 0x1F7FF, 0x1F80C, 0x1F80F,
        0x1F848, 0x1F84F, 0x1F85A, 0x1F85F, 0x1F888, 0x1F88F, 0x1F8AE, 0x1F8FF, 0x1F90C, 0x1F93A,
        0x1F93C, 0x1F945, 0x1F947, 0x1FAFF, 0x1FC00, 0x1FFFD,
    ];
}
