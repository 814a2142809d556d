using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Parley.Server.Accounts;

/// <summary>
/// Is there anything to see? Text made only of spaces and characters that draw nothing (zero-width spaces and joiners,
/// direction marks and controls, the soft hyphen, Hangul fillers, variation selectors …) reads as empty, and as a name
/// it would show as a blank. Messages, room names and display names all ask here.
/// </summary>
public static class VisibleText
{
    public static bool IsBlank([NotNullWhen(false)] string? text)
    {
        if (string.IsNullOrEmpty(text)) return true;
        foreach (var rune in text.EnumerateRunes())
            if (!DrawsNothing(rune)) return false;
        return true;
    }

    public static bool DrawsNothing(Rune r) =>
        Rune.IsWhiteSpace(r) || Rune.IsControl(r)
        // Format characters: U+00AD, U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF, tags …
        || Rune.GetUnicodeCategory(r) == UnicodeCategory.Format
        || r.Value is 0x034F // combining grapheme joiner
            or 0x115F or 0x1160 or 0x3164 or 0xFFA0 // Hangul fillers
            or 0x2800 // braille pattern blank
            or (>= 0x180B and <= 0x180F) // Mongolian variation selectors
            or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF); // variation selectors
}
