using System.Text.Json;
using Parley.Server.Messages;
using Xunit;

namespace Parley.Tests;

/// <summary>The shared table in tests/shared/mentions.json: the web client's Vitest runs the same cases.</summary>
public sealed class MentionParserTests
{
    public static TheoryData<string, string[], string?> Cases()
    {
        using var table = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "mentions.json")));
        var data = new TheoryData<string, string[], string?>();
        foreach (var c in table.RootElement.GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("text").GetString()!, [.. c.GetProperty("mentions").EnumerateArray().Select(n => n.GetString()!)], c.GetProperty("wildcard").GetString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FindsNamesAndWildcardsOutsideCode(string text, string[] mentions, string? wildcard)
    {
        var parsed = MentionParser.Parse(text);
        Assert.Equal(mentions, parsed.Names);
        Assert.Equal(wildcard, parsed.Wildcard switch { Wildcard.Here => "here", Wildcard.Room => "room", _ => null });
    }

    [Fact]
    public void KeepsAtMostTwiceMaxNames()
    {
        var text = string.Join(" ", Enumerable.Range(0, 300).Select(i => $"@user{i}"));
        Assert.Equal(MentionParser.MaxNames * 2, MentionParser.Parse(text).Names.Count);
    }
}
