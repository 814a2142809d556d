using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Parley.Server.Previews;

/// <summary>The http(s) links of a message's text that get previews: the first three, outside code, each once.</summary>
public static partial class MessageLinks
{
    public const int MaxLinks = 3;
    public const int MaxUrlLength = 2000;

    public static IReadOnlyList<string> Find(string text)
    {
        var prose = Code().Replace(text, " ");
        var found = new List<string>();
        foreach (Match m in Link().Matches(prose))
        {
            var url = TrimTail(m.Value);
            if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) continue;
            if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) continue;
            var normal = uri.AbsoluteUri;
            if (!found.Contains(normal)) found.Add(normal);
            if (found.Count == MaxLinks) break;
        }
        return found;
    }

    public static string Hash(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)));

    // Sentence punctuation after a link isn't part of it; a closing bracket is, when the link opened one (Wikipedia).
    private static string TrimTail(string url)
    {
        while (url.Length > 0)
        {
            var last = url[^1];
            if (".,;:!?'\"*_~>".Contains(last)) url = url[..^1];
            else if (last == ')' && url.Count(c => c == '(') < url.Count(c => c == ')')) url = url[..^1];
            else if (last == ']' && url.Count(c => c == '[') < url.Count(c => c == ']')) url = url[..^1];
            else break;
        }
        return url;
    }

    [GeneratedRegex(@"```[\s\S]*?(```|$)|`[^`\n]*`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\bhttps?://[^\s<>""`]+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
