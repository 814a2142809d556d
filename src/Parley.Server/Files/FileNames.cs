using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Parley.Server.Files;

/// <summary>
/// File names as given by people are shown, never used as paths (storage is by hash): they lose any folder part,
/// control and direction-override characters ("gnp.exe" shown as "exe.png"), and are cut to 255 UTF-8 bytes
/// keeping the extension.
/// </summary>
public static class FileNames
{
    public const int MaxBytes = 255;

    public static string Clean(string? name)
    {
        name ??= "";
        var slash = name.LastIndexOfAny(['/', '\\']);
        if (slash >= 0) name = name[(slash + 1)..];
        var b = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var cat = Rune.GetUnicodeCategory(rune);
            if (cat is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator) continue;
            b.Append(rune.ToString());
        }
        var clean = b.ToString().Trim().Trim('.').Trim();
        if (clean.Length == 0) clean = "file";
        return Shorten(clean);
    }

    private static string Shorten(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxBytes) return name;
        var dot = name.LastIndexOf('.');
        var ext = dot > 0 && name.Length - dot <= 16 ? name[dot..] : "";
        var stem = name[..(name.Length - ext.Length)];
        var budget = MaxBytes - Encoding.UTF8.GetByteCount(ext);
        var cut = new StringBuilder();
        var used = 0;
        foreach (var element in TextElements(stem))
        {
            var n = Encoding.UTF8.GetByteCount(element);
            if (used + n > budget) break;
            cut.Append(element);
            used += n;
        }
        return cut + ext;
    }

    private static IEnumerable<string> TextElements(string s)
    {
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext()) yield return (string)e.Current;
    }

    /// <summary>RFC 6266: inline or attachment, with an ASCII fallback name and the exact name as filename*.</summary>
    public static string ContentDisposition(string name, bool inline)
    {
        var header = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        header.SetHttpFileName(name);
        return header.ToString();
    }
}
