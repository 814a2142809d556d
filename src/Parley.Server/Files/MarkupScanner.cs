using System.Buffers;
using System.Text;

namespace Parley.Server.Files;

/// <summary>
/// Looks through every byte of an upload, as it streams past, for markup a browser would run: an image or video
/// carrying it (a GIF/HTML polyglot) is served only as a download. The markers are tags and handlers long enough that
/// compressed pixels hit one by chance about once in 10^4 files of 50 MB; such a file merely downloads.
/// </summary>
public sealed class MarkupScanner
{
    private static readonly string[] Tags = ["<script", "<html", "<head", "<body", "<iframe", "<object", "<embed", "<!doctype"];
    private static readonly string[] Handlers = ["onload", "onerror"];
    private static readonly SearchValues<string> Markers =
        SearchValues.Create([.. Tags, .. Handlers, "javascript:"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Kept from one piece to the next, so a marker cut between two reads is still seen.</summary>
    private const int Overlap = 24;
    private readonly char[] _window = new char[Overlap + 16 * 1024];
    private int _kept;

    public bool Found { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!Found && bytes.Length > 0)
        {
            var take = Math.Min(bytes.Length, _window.Length - _kept);
            Encoding.Latin1.GetChars(bytes[..take], _window.AsSpan(_kept));
            var text = _window.AsSpan(0, _kept + take);
            Found = Contains(text);
            _kept = Math.Min(Overlap, text.Length);
            text[^_kept..].CopyTo(_window);
            bytes = bytes[take..];
        }
    }

    private static bool Contains(ReadOnlySpan<char> text)
    {
        for (var at = 0; at < text.Length;)
        {
            var i = text[at..].IndexOfAny(Markers);
            if (i < 0) return false;
            at += i;
            if (IsMarkupAt(text[at..])) return true;
            at++;
        }
        return false;
    }

    /// <summary>A tag name must end (space, / or &gt;), a handler be assigned (=); what runs past the window is looked at again with the next piece.</summary>
    private static bool IsMarkupAt(ReadOnlySpan<char> s)
    {
        foreach (var tag in Tags)
            if (s.StartsWith(tag, StringComparison.OrdinalIgnoreCase))
                return s.Length > tag.Length && s[tag.Length] is ' ' or '\t' or '\n' or '\r' or '\f' or '/' or '>';
        foreach (var handler in Handlers)
            if (s.StartsWith(handler, StringComparison.OrdinalIgnoreCase))
            {
                var rest = s[handler.Length..];
                var spaces = rest.Length - rest.TrimStart(" \t\n\r\f").Length;
                return spaces <= 3 && spaces < rest.Length && rest[spaces] == '=';
            }
        return true; // javascript:
    }
}
