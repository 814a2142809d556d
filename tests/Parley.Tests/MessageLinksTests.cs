using Parley.Server.Previews;
using Xunit;

namespace Parley.Tests;

/// <summary>Which links of a message get previews: the first three http(s) links in its prose, each once.</summary>
public sealed class MessageLinksTests
{
    [Fact]
    public void TakesTheFirstThreeDistinctHttpLinksWithoutSentencePunctuation()
    {
        var links = MessageLinks.Find("see https://a.example/x, then (http://b.example/y). Also https://a.example/x again, "
            + "https://en.wikipedia.org/wiki/Otter_(disambiguation) and https://d.example/");
        Assert.Equal(["https://a.example/x", "http://b.example/y", "https://en.wikipedia.org/wiki/Otter_(disambiguation)"], links);
    }

    [Fact]
    public void IgnoresLinksInCodeAndOtherSchemes()
    {
        Assert.Empty(MessageLinks.Find("`http://inline.example/` and\n```\nhttp://block.example/\n```\nftp://x.example/ mailto:a@b.example"));
        Assert.Equal(["https://after.example/"], MessageLinks.Find("```\nhttp://block.example/\n```\nhttps://after.example/"));
    }

    [Fact]
    public void MarkdownLinksGiveTheirAddress() =>
        Assert.Equal(["https://example.com/page"], MessageLinks.Find("[the page](https://example.com/page) <https://example.com/page>"));
}
