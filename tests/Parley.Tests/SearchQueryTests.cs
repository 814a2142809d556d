using Parley.Server.Infrastructure;
using Parley.Server.Search;
using Xunit;

namespace Parley.Tests;

/// <summary>The search query language, table-driven: what each input asks for, and the sentence a mistake gets.</summary>
public sealed class SearchQueryTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    /// <summary>A query summarised in one line: terms (~ phrase, * prefix, - excluded), then operators.</summary>
    private static string Describe(SearchQuery q) => string.Join(" ", q.Terms.Select(t =>
            (t.Excluded ? "-" : "") + t.Kind switch { SearchTermKind.Phrase => $"~{t.Text}~", SearchTermKind.Prefix => t.Text + "*", _ => t.Text })
        .Concat(q.From.Select(f => "from=" + f))
        .Concat(q.In.Select(r => "in=" + (r.IsPerson ? "@" : "#") + r.Name))
        .Concat(q.Before is { } b ? ["before=" + b.ToString("yyyy-MM-dd")] : [])
        .Concat(q.After is { } a ? ["after=" + a.ToString("yyyy-MM-dd")] : [])
        .Concat(q.On is { } o ? ["on=" + o.ToString("yyyy-MM-dd")] : [])
        .Concat(q.Has.Order().Select(h => "has=" + h))
        .Concat(q.IsMention ? ["is=mention"] : []));

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("  hello   world ", "hello world")]
    [InlineData("\"exact  phrase\" here", "~exact phrase~ here")]
    [InlineData("-spam eggs", "-spam eggs")]
    [InlineData("-\"not this\" that", "-~not this~ that")]
    [InlineData("meet*", "meet*")]
    [InlineData("e-mail", "e-mail")]
    [InlineData("bob@example.com", "bob@example.com")]
    [InlineData("https://example.com/a?b=c", "https://example.com/a?b=c")]
    [InlineData("東京", "東京")]
    [InlineData("🎉", "🎉")]
    [InlineData("café", "café")]
    [InlineData("re:meeting", "re:meeting")]
    [InlineData("10:30", "10:30")]
    [InlineData(":smile:", ":smile:")]
    [InlineData("from:@Alice", "from=alice")]
    [InlineData("from:alice from:@bob x", "x from=alice from=bob")]
    [InlineData("FROM:alice", "from=alice")]
    [InlineData("in:#General", "in=#general")]
    [InlineData("in:general in:@bob", "in=#general in=@bob")]
    [InlineData("before:2026-11-30", "before=2026-11-30")]
    [InlineData("after:yesterday", "after=2026-12-02")]
    [InlineData("on:today", "on=2026-12-03")]
    [InlineData("has:file has:IMAGE has:link", "has=file has=image has=link")]
    [InlineData("is:mention", "is=mention")]
    [InlineData("-spam from:bob", "-spam from=bob")]
    [InlineData("deploy \"go live\" -staging from:@ana in:#ops after:2026-01-01 has:link",
        "deploy ~go live~ -staging from=ana in=#ops after=2026-01-01 has=link")]
    public void Parses(string q, string expected) => Assert.Equal(expected, Describe(SearchQuery.Parse(q, Today)));

    [Theory]
    [InlineData("", "Type something to search for.")]
    [InlineData("   ", "Type something to search for.")]
    [InlineData("form:alice", "Unknown operator \"form:\". Did you mean \"from:\"?")]
    [InlineData("hello befor:2026-01-01", "Unknown operator \"befor:\". Did you mean \"before:\"?")]
    [InlineData("has:files", "\"has:files\": has: takes file, image or link.")]
    [InlineData("is:unread", "\"is:unread\": is: takes mention.")]
    [InlineData("before:tomorrow", "\"before:\" needs a date (2026-11-30, yesterday, today).")]
    [InlineData("on:2026-13-01", "\"on:\" needs a date (2026-11-30, yesterday, today).")]
    [InlineData("after:", "\"after:\" needs a date (2026-11-30, yesterday, today).")]
    [InlineData("from:", "\"from:\" needs a name, like from:@alice.")]
    [InlineData("from:@", "\"from:\" needs a name, like from:@alice.")]
    [InlineData("in:#", "\"in:\" needs a conversation, like in:#general or in:@alice.")]
    [InlineData("-from:bob", "\"from:\" can't be excluded: remove the - before it.")]
    [InlineData("\"never closed", "The quote before \"never closed\" is not closed: add a \" after the phrase.")]
    [InlineData("-spam", "Add a word or an operator besides the excluded words.")]
    [InlineData("*", "\"*\" alone matches everything: put it after the start of a word, like meet*.")]
    [InlineData("--*", "\"-*\": a prefix needs a letter or digit before the *.")]
    [InlineData("i*", "\"i*\": a prefix needs at least two letters or digits before the *.")]
    public void RefusesNamingThePartAtFault(string q, string sentence)
    {
        var e = Assert.Throws<ParleyError>(() => SearchQuery.Parse(q, Today));
        Assert.Equal(400, e.Status);
        Assert.Equal("q", e.Field);
        Assert.Equal(sentence, e.Message);
    }
}
