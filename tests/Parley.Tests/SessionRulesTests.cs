using Parley.Server.Accounts;
using Xunit;

namespace Parley.Tests;

// Pure rules behind the session list and the password check.
public sealed class SessionRulesTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Computer", "Chrome", "Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Computer", "Edge", "Windows")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Computer", "Firefox", "Linux")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", "Computer", "Chrome", "Linux")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Computer", "Safari", "macOS")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", "Computer", "Firefox", "macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Phone", "Safari", "iOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", "Phone", "Chrome", "iOS")]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Tablet", "Safari", "iOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36", "Phone", "Chrome", "Android")]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "Tablet", "Chrome", "Android")]
    [InlineData("Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0", "Phone", "Firefox", "Android")]
    [InlineData("curl/8.5.0", "API client", "API client", "")]
    [InlineData("python-requests/2.32.3", "API client", "API client", "")]
    [InlineData("", "Unknown", "Unknown", "Unknown")]
    public void UserAgentsAreNamedForPeople(string userAgent, string device, string browser, string os) =>
        Assert.Equal(new UserAgentSummary(device, browser, os), UserAgentParser.Parse(userAgent));

    [Theory]
    [InlineData("qwertyuiop", "top-100 common password")]
    [InlineData("password1234", "commonly used password")]
    [InlineData("qwertyuiop12", "common")]
    [InlineData("abcdefghijklmnop", "Sequences")]
    [InlineData("smithalice1990", "name")]
    [InlineData("iloveyou2024!", "")]
    public void GuessablePasswordsAreRefusedWithAReason(string password, string reason)
    {
        var problem = AccountRules.PasswordProblem(password, "alice_smith", "Alice Smith", minScore: 3);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData("a quiet river under seven bridges")]
    [InlineData("correct horse battery staple")]
    [InlineData("Tr0ub4dor&3 plus more")]
    public void LongPassphrasesAreAccepted(string password) =>
        Assert.Null(AccountRules.PasswordProblem(password, "alice_smith", "Alice Smith", minScore: 3));

    [Fact]
    public void ScoreZeroLeavesOnlyTheLengthRules()
    {
        Assert.Null(AccountRules.PasswordProblem("password1234", "alice", null, minScore: 0));
        Assert.NotNull(AccountRules.PasswordProblem("short", "alice", null, minScore: 0));
    }
}
