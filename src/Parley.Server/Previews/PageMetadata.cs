using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Parley.Server.Previews;

/// <summary>What a page says about itself: Open Graph first, then Twitter cards, then its title and description.</summary>
public sealed record PageMetadata(string? Title, string? Description, string? SiteName, string? ImageUrl)
{
    public const int MaxTitle = 300;
    public const int MaxDescription = 1000;

    public bool IsUseful => Title is not null || Description is not null;

    public static PageMetadata Parse(FetchedBody page)
    {
        // A real HTML parser (tag soup, comments, scripts and CDATA are handled as browsers do), never scripts or styles.
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = KnownEncoding(page.Charset) is { } encoding
            ? parser.ParseDocument(encoding.GetString(page.Content))
            : parser.ParseDocument(new MemoryStream(page.Content));
        string? Meta(params string[] names) => names
            .Select(n => document.QuerySelectorAll("meta")
                .FirstOrDefault(m => string.Equals(m.GetAttribute("property") ?? m.GetAttribute("name"), n, StringComparison.OrdinalIgnoreCase))
                ?.GetAttribute("content"))
            .Select(v => Clean(v, MaxDescription))
            .FirstOrDefault(v => v is not null);

        var title = Clean(Meta("og:title", "twitter:title") ?? document.Title, MaxTitle);
        var description = Clean(Meta("og:description", "twitter:description", "description"), MaxDescription);
        var site = Clean(Meta("og:site_name"), MaxTitle) ?? page.Url.IdnHost;
        var image = Meta("og:image", "og:image:url", "og:image:secure_url", "twitter:image");
        string? imageUrl = null;
        if (image is not null && Uri.TryCreate(page.Url, image, out var absolute)
            && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            && absolute.AbsoluteUri.Length <= MessageLinks.MaxUrlLength)
            imageUrl = absolute.AbsoluteUri;
        return new PageMetadata(title, description, site, imageUrl);
    }

    private static Encoding? KnownEncoding(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset)) return null;
        try
        {
            return Encoding.GetEncoding(charset.Trim('"', '\''));
        }
        catch (ArgumentException)
        {
            return null; // unknown here: let the parser sniff it from the page
        }
    }

    /// <summary>Whitespace collapsed, control characters dropped, cut to a length; null when nothing is left.</summary>
    private static string? Clean(string? text, int max)
    {
        if (text is null) return null;
        var sb = new StringBuilder(Math.Min(text.Length, max));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
            if (sb.Length >= max) break;
        }
        var s = sb.ToString();
        if (s.Length >= max) s = s[..(max - 1)] + "…";
        return s.Length == 0 ? null : s;
    }
}
