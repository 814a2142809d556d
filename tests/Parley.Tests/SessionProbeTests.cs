using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>GET /api/auth/session tells a starting client whether it is signed in with 200 either way (no 401 to log).</summary>
public sealed class SessionProbeTests
{
    [Fact]
    public async Task SignedOutIsAnAnswerNotAnError()
    {
        await using var app = await ParleyApp.StartAsync();
        using var anonymous = app.CreateHttpClient();
        var session = await Expect.Json(await anonymous.GetAsync("/api/auth/session", TestContext.Current.CancellationToken));
        Assert.False(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, session.GetProperty("me").ValueKind);
    }

    [Fact]
    public async Task SignedInGetsWhoAndASignedOutSessionNoLonger()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        var session = await Expect.Json(await http.GetAsync("/api/auth/session", TestContext.Current.CancellationToken));
        Assert.True(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal(alice.Id, session.GetProperty("me").GetProperty("id").GetGuid());
        Assert.Equal(alice.UserName, session.GetProperty("me").GetProperty("userName").GetString());

        await Expect.Status(await http.PostAsync("/api/auth/logout", null, TestContext.Current.CancellationToken), 204);
        var after = await Expect.Json(await http.GetAsync("/api/auth/session", TestContext.Current.CancellationToken));
        Assert.False(after.GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task ABrowserCookieCounts()
    {
        await using var app = await ParleyApp.StartAsync();
        var bob = await app.SignUpAsync("bob");
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = app.BaseAddress };
        await Expect.Status(await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { userName = bob.UserName, password = bob.Password },
            TestContext.Current.CancellationToken), 200);
        var session = await Expect.Json(await browser.GetAsync("/api/auth/session", TestContext.Current.CancellationToken));
        Assert.Equal(bob.Id, session.GetProperty("me").GetProperty("id").GetGuid());
    }
}
