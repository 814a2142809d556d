using System.Text;

namespace Parley.Server.Search;

/// <summary>
/// Case and accent folding for queries and snippet highlights, as the indexes fold (FTS5's remove_diacritics;
/// PostgreSQL's parley_search_fold: lower(), accents dropped). A table of one character for one character, so a
/// position in the folded text is the same position in the original.
/// </summary>
public static class TextFolding
{
    public const string Accented = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳøØłŁđĐı";
    public const string Plain = "aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyyoollddi";

    private static readonly Dictionary<char, char> Table = Accented.Zip(Plain).ToDictionary(p => p.First, p => p.Second);

    public static string Fold(string s)
    {
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
            b.Append(Table.TryGetValue(c, out var plain) ? plain : char.ToLowerInvariant(c));
        return b.ToString();
    }

    /// <summary>
    /// Folded for matching only, as PostgreSQL's parley_search_fold folds: decomposed, combining accents (U+0300–U+036F)
    /// dropped, øłđı mapped, lower case, composed again. It makes equal all that FTS5's remove_diacritics does (Vietnamese
    /// letters with two accents, accents typed as marks of their own), which <see cref="Fold"/>'s table does not. Not a
    /// character for a character, so not for highlights.
    /// </summary>
    public static string FoldForMatch(string s)
    {
        if (System.Text.Ascii.IsValid(s)) return s.ToLowerInvariant();
        string decomposed;
        try { decomposed = s.Normalize(NormalizationForm.FormD); }
        catch (ArgumentException) { return Fold(s); } // a lone surrogate: no normal form
        var b = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (c is >= '\u0300' and <= '\u036f') continue;
            b.Append(c switch { 'ø' or 'Ø' => 'o', 'ł' or 'Ł' => 'l', 'đ' or 'Đ' => 'd', 'ı' => 'i', _ => char.ToLowerInvariant(c) });
        }
        return b.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Runs of letters and digits, folded: the words a word index holds.</summary>
    public static List<string> Words(string s)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var r in Fold(s).EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(r)) current.Append(r.ToString());
            else if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }

    /// <summary>
    /// Shorter than a trigram and written in a script without spaces between words (CJK, Thai …) or a symbol (emoji):
    /// no index can find it, so it is looked for with a bounded LIKE.
    /// </summary>
    public static bool NeedsScan(string term)
    {
        var runes = term.EnumerateRunes().ToList();
        return runes.Count < 3 && runes.Any(r => Unspaced(r) || !(Rune.IsLetterOrDigit(r) || Rune.IsWhiteSpace(r) || Rune.IsPunctuation(r)));
    }

    /// <summary>Whether the term can only be found as a whole word (too short for a trigram, in a script with spaces).</summary>
    public static bool TooShortForTrigrams(string term) => term.EnumerateRunes().Count() < 3;

    /// <summary>Whether every letter is of a script that puts spaces between words (so a word index holds its words).</summary>
    public static bool Spaced(string term) => !term.EnumerateRunes().Any(Unspaced);

    private static bool Unspaced(Rune r) => r.Value is
        (>= 0x0E00 and <= 0x0EFF) or (>= 0x1000 and <= 0x109F) or (>= 0x1780 and <= 0x17FF) // Thai, Lao, Myanmar, Khmer
        or (>= 0x3040 and <= 0x30FF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) // kana, CJK
        or (>= 0xAC00 and <= 0xD7AF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF); // Hangul, CJK compat, ext.
}
