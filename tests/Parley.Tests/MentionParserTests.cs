using Parley.Server.Messages;
using Xunit;

namespace Parley.Tests;

public sealed class MentionParserTests
{
    [Theory]
    [InlineData("hi @Bob and @carol.", "bob,carol.,carol", Wildcard.None)]
    [InlineData("@here lunch?", "", Wildcard.Here)]
    [InlineData("@here and @everyone", "", Wildcard.Room)]
    [InlineData("@channel", "", Wildcard.Room)]
    [InlineData("mail me at bob@example.com", "", Wildcard.None)]
    [InlineData("`@bob` is code, ``` not", "", Wildcard.None)]
    [InlineData("```\n@bob in a fence\n```\n@carol", "carol", Wildcard.None)]
    [InlineData("    @bob indented code", "", Wildcard.None)]
    [InlineData("no at sign", "", Wildcard.None)]
    [InlineData("@ alone, @@bob", "", Wildcard.None)]
    [InlineData("(@dave) @dave", "dave", Wildcard.None)]
    public void FindsNamesAndWildcardsOutsideCode(string text, string names, Wildcard wildcard)
    {
        var parsed = MentionParser.Parse(text);
        Assert.Equal(names, string.Join(",", parsed.Names));
        Assert.Equal(wildcard, parsed.Wildcard);
    }
}
