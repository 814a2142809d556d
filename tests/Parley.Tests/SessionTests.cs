using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Accounts;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

// Sessions and devices (GET/DELETE /api/me/sessions, end-others) and changing the password (POST /api/me/password).
// Hubs that must hear SessionEnded are raw, as in AccountTests.
public sealed class SessionTests
{
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private const string NewPassword = "a quiet river under seven bridges";

    /// <summary>Another sign-in of the same account, with bearer tokens: (access token, refresh token).</summary>
    private static async Task<(string Access, string Refresh)> SignInAgainAsync(ParleyApp app, TestUser user, string? password = null)
    {
        using var anon = app.CreateHttpClient();
        var tokens = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = password ?? user.Password }));
        return (tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
    }

    /// <summary>A browser: a cookie sign-in with a Firefox user agent.</summary>
    private static async Task<HttpClient> BrowserAsync(ParleyApp app, TestUser user)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(Firefox);
        await Expect.Status(await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { userName = user.UserName, password = user.Password }), 200);
        return browser;
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient http) =>
        (await Expect.Json(await http.GetAsync("/api/me/sessions"))).EnumerateArray().ToList();

    private static string CurrentId(List<JsonElement> sessions) => sessions.Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;

    [Fact]
    public async Task TheListShowsEachSignInWithThisOneMarked()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var browser = await BrowserAsync(app, alice);

        var seenByBrowser = await ListAsync(browser);
        Assert.Equal(2, seenByBrowser.Count);
        var mine = seenByBrowser[0];   // newest active first: the browser has just asked
        Assert.True(mine.GetProperty("current").GetBoolean());
        Assert.Equal("cookie", mine.GetProperty("kind").GetString());
        Assert.Equal("pwd", mine.GetProperty("method").GetString());
        Assert.Equal("Firefox", mine.GetProperty("browser").GetString());
        Assert.Equal("Linux", mine.GetProperty("os").GetString());
        Assert.Equal("Computer", mine.GetProperty("device").GetString());
        Assert.Equal("127.0.0.1", mine.GetProperty("address").GetString());
        var app1 = seenByBrowser[1];
        Assert.False(app1.GetProperty("current").GetBoolean());
        Assert.Equal("bearer", app1.GetProperty("kind").GetString());

        using var http = alice.Http();
        var seenByApp = await ListAsync(http);
        Assert.Equal(app1.GetProperty("id").GetString(), CurrentId(seenByApp));

        // Nobody else's sessions show.
        var bob = await app.SignUpAsync("bob");
        using var bobHttp = bob.Http();
        Assert.Single(await ListAsync(bobHttp));
    }

    [Fact]
    public async Task EndingAnotherSessionRefusesItsTokenAndClosesItsConnection()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var (otherToken, otherRefresh) = await SignInAgainAsync(app, alice);
        using var other = app.CreateHttpClient(otherToken);
        await using var otherHub = await RawHubClient.ConnectAsync(app.BaseAddress, otherToken);
        await using var myHub = await app.ConnectRawAsync(alice);
        var otherId = CurrentId(await ListAsync(other));

        using var http = alice.Http();
        await Expect.Status(await http.DeleteAsync($"/api/me/sessions/{otherId}"), 204);

        var ended = await Expect.Problem(await other.GetAsync("/api/me"), 403);
        Assert.Equal("session_ended", ended.GetProperty("code").GetString());
        Assert.Equal("This session has ended. Sign in again.", ended.GetProperty("title").GetString());
        using (var anon = app.CreateHttpClient())
            await Expect.Status(await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = otherRefresh }), 401);
        await otherHub.Closed.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains("signed out from another device", Assert.Single(otherHub.Events("SessionEnded")).GetProperty("reason").GetString());
        // This session goes on.
        await Expect.Status(await http.GetAsync("/api/me"), 200);
        Assert.False(myHub.IsClosed);
        Assert.DoesNotContain(await ListAsync(http), s => s.GetProperty("id").GetString() == otherId);
        // Ended already: as unknown.
        await Expect.Problem(await http.DeleteAsync($"/api/me/sessions/{otherId}"), 404);

        await using var db = app.OpenDb();
        var entry = await db.AuditLog.SingleAsync(e => e.Action == "auth.session_ended");
        Assert.Equal(alice.Id, entry.ActorId);
        Assert.Equal(alice.Id, entry.TargetUserId);
        Assert.NotNull((await db.UserSessions.SingleAsync(s => s.SessionId == otherId)).EndedAt);
    }

    [Fact]
    public async Task SomeoneElsesOrAnUnknownSessionIsNotFoundAndNothingChanges()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        using var aliceHttp = alice.Http();
        var aliceId = CurrentId(await ListAsync(aliceHttp));

        using var bobHttp = bob.Http();
        var theirs = await Expect.Problem(await bobHttp.DeleteAsync($"/api/me/sessions/{aliceId}"), 404);
        var unknown = await Expect.Problem(await bobHttp.DeleteAsync($"/api/me/sessions/{Guid.NewGuid():N}"), 404);
        Assert.Equal(unknown.GetProperty("title").GetString(), theirs.GetProperty("title").GetString());   // never tells which
        await Expect.Problem(await bobHttp.DeleteAsync($"/api/me/sessions/{new string('x', 300)}"), 404);

        await Expect.Status(await aliceHttp.GetAsync("/api/me"), 200);
        Assert.Single(await ListAsync(aliceHttp));
        await using var db = app.OpenDb();
        Assert.False(await db.AuditLog.AnyAsync(e => e.Action == "auth.session_ended"));
        Assert.False(await db.UserSessions.AnyAsync(s => s.EndedAt != null));
    }

    [Fact]
    public async Task EndingTheOthersKeepsOnlyThisSession()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var browser = await BrowserAsync(app, alice);
        var (secondToken, _) = await SignInAgainAsync(app, alice);
        using var second = app.CreateHttpClient(secondToken);
        var bob = await app.SignUpAsync("bob");

        var ended = await Expect.Json(await browser.PostAsync("/api/me/sessions/end-others", null));
        Assert.Equal(2, ended.GetProperty("ended").GetInt32());
        await Expect.Status(await second.GetAsync("/api/me"), 403);
        using (var first = alice.Http()) await Expect.Status(await first.GetAsync("/api/me"), 403);
        Assert.True(Assert.Single(await ListAsync(browser)).GetProperty("current").GetBoolean());
        // Only her own.
        using var bobHttp = bob.Http();
        await Expect.Status(await bobHttp.GetAsync("/api/me"), 200);
        await using var db = app.OpenDb();
        Assert.Equal(2, await db.AuditLog.CountAsync(e => e.Action == "auth.session_ended" && e.TargetUserId == alice.Id));
    }

    [Fact]
    public async Task LogoutEndsTheRowAndLogoutEverywhereEndsThemAll()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var (secondToken, _) = await SignInAgainAsync(app, alice);
        var (thirdToken, _) = await SignInAgainAsync(app, alice);
        using var second = app.CreateHttpClient(secondToken);
        var secondId = CurrentId(await ListAsync(second));

        await Expect.Status(await second.PostAsync("/api/auth/logout", null), 204);
        using var http = alice.Http();
        Assert.Equal(2, (await ListAsync(http)).Count);
        await using (var db = app.OpenDb()) Assert.NotNull((await db.UserSessions.SingleAsync(s => s.SessionId == secondId)).EndedAt);

        using var third = app.CreateHttpClient(thirdToken);
        await Expect.Status(await third.PostAsync("/api/auth/logout?everywhere=true", null), 204);
        await using var check = app.OpenDb();
        Assert.Equal(3, await check.UserSessions.CountAsync(s => s.UserId == alice.Id && s.EndedAt != null));
    }

    [Fact]
    public async Task ClosingTheAccountEndsEveryRow()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        await SignInAgainAsync(app, alice);
        using var http = alice.Http();
        await Expect.Status(await http.PostAsJsonAsync("/api/me/deactivate", new { password = alice.Password }), 204);
        await using var db = app.OpenDb();
        Assert.Equal(2, await db.UserSessions.CountAsync(s => s.UserId == alice.Id && s.EndedAt != null));
    }

    [Fact]
    public async Task ARefreshKeepsTheSameRowAndCountsAsActivity()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(clock: clock);
        var alice = await app.SignUpAsync("alice");
        DateTime signedInAt;
        await using (var db = app.OpenDb()) signedInAt = (await db.UserSessions.SingleAsync(s => s.UserId == alice.Id)).LastActiveAt;

        clock.Advance(TimeSpan.FromMinutes(10));
        using var anon = app.CreateHttpClient();
        var tokens = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = alice.RefreshToken }));
        using var refreshed = app.CreateHttpClient(tokens.GetProperty("accessToken").GetString());
        var row = Assert.Single(await ListAsync(refreshed));
        Assert.True(row.GetProperty("current").GetBoolean());   // the same session id
        Assert.Equal(signedInAt.AddMinutes(10), row.GetProperty("lastActiveAt").GetDateTime().ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(signedInAt, row.GetProperty("createdAt").GetDateTime().ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task RequestsCountAsActivityAtMostEveryFiveMinutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(clock: clock);
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        async Task<DateTime> LastActive()
        {
            await using var db = app.OpenDb();
            return (await db.UserSessions.SingleAsync(s => s.UserId == alice.Id)).LastActiveAt;
        }
        await Expect.Status(await http.GetAsync("/api/me"), 200);
        var first = await LastActive();
        clock.Advance(TimeSpan.FromMinutes(2));
        await Expect.Status(await http.GetAsync("/api/me"), 200);
        Assert.Equal(first, await LastActive());   // not written again so soon
        clock.Advance(TimeSpan.FromMinutes(4));
        await Expect.Status(await http.GetAsync("/api/me"), 200);
        Assert.Equal(first.AddMinutes(6), await LastActive(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task AWrongCurrentPasswordIsRefusedThenThrottled()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        string? hashBefore;
        await using (var db = app.OpenDb()) hashBefore = (await db.Users.SingleAsync(u => u.Id == alice.Id)).PasswordHash;
        using var http = alice.Http();
        for (var i = 0; i < 4; i++)
            await Expect.Problem(await http.PostAsJsonAsync("/api/me/password", new { currentPassword = "not my password", newPassword = NewPassword }), 403);
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/password", new { currentPassword = "not my password", newPassword = NewPassword }), 429);
        // Throttled even with the right one now.
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/password", new { currentPassword = alice.Password, newPassword = NewPassword }), 429);
        await using var check = app.OpenDb();
        Assert.Equal(hashBefore, (await check.Users.SingleAsync(u => u.Id == alice.Id)).PasswordHash);
        Assert.False(await check.AuditLog.AnyAsync(e => e.Action == "auth.password_changed"));
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("qwertyuiop123")]
    [InlineData("short")]
    [InlineData("")]
    public async Task AWeakOrMissingNewPasswordNamesTheFieldAndChangesNothing(string newPassword)
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/password", new { currentPassword = alice.Password, newPassword }), 400, "newPassword");
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/password", new { newPassword = NewPassword }), 400, "currentPassword");
        await Expect.Status(await http.GetAsync("/api/me"), 200);
        await SignInAgainAsync(app, alice);
    }

    [Fact]
    public async Task ChangingThePasswordFromABrowserEndsTheOtherSessionsAndKeepsThisOne()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var browser = await BrowserAsync(app, alice);
        await using var otherHub = await app.ConnectRawAsync(alice);
        using var other = alice.Http();

        var changed = await browser.PostAsJsonAsync("/api/me/password", new { currentPassword = alice.Password, newPassword = NewPassword, endOtherSessions = true });
        await Expect.Status(changed, 204);
        Assert.Contains("parley_session=", string.Join(";", changed.Headers.GetValues("Set-Cookie")));   // this session, issued again

        await Expect.Status(await browser.GetAsync("/api/me"), 200);
        Assert.True(Assert.Single(await ListAsync(browser)).GetProperty("current").GetBoolean());
        await Expect.Status(await other.GetAsync("/api/me"), 403);
        await otherHub.Closed.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains("password was changed", Assert.Single(otherHub.Events("SessionEnded")).GetProperty("reason").GetString());

        using var anon = app.CreateHttpClient();
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/login", new { userName = alice.UserName, password = alice.Password }), 401);
        await SignInAgainAsync(app, alice, NewPassword);
        await using var db = app.OpenDb();
        var entry = await db.AuditLog.SingleAsync(e => e.Action == "auth.password_changed");
        Assert.Equal(alice.Id, entry.TargetUserId);
    }

    [Fact]
    public async Task ABearerSessionGetsFreshTokensForItsOwnSession()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        var sessionId = CurrentId(await ListAsync(http));
        await using var hub = await app.ConnectRawAsync(alice);

        var tokens = await Expect.Json(await http.PostAsJsonAsync("/api/me/password", new { currentPassword = alice.Password, newPassword = NewPassword }));
        await Expect.Status(await http.GetAsync("/api/me"), 403);   // the old token carried the old stamp
        using var renewed = app.CreateHttpClient(tokens.GetProperty("accessToken").GetString());
        Assert.Equal(sessionId, CurrentId(await ListAsync(renewed)));
        // Its connection (old stamp) is told to connect again, and can with the new token.
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains("this session continues", Assert.Single(hub.Events("SessionEnded")).GetProperty("reason").GetString());
        await using var again = await RawHubClient.ConnectAsync(app.BaseAddress, tokens.GetProperty("accessToken").GetString()!);
        Assert.False(again.IsClosed);
        using var anon = app.CreateHttpClient();
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = alice.RefreshToken }), 401);
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }), 200);
    }

    [Fact]
    public async Task KeepingTheOtherSessionsLeavesEverySessionSignedIn()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var (otherToken, _) = await SignInAgainAsync(app, alice);
        using var other = app.CreateHttpClient(otherToken);
        using var http = alice.Http();

        await Expect.Status(await http.PostAsJsonAsync("/api/me/password", new { currentPassword = alice.Password, newPassword = NewPassword, endOtherSessions = false }), 204);
        await Expect.Status(await http.GetAsync("/api/me"), 200);
        await Expect.Status(await other.GetAsync("/api/me"), 200);
        await SignInAgainAsync(app, alice, NewPassword);
        await using var db = app.OpenDb();
        Assert.Equal("Other sessions were kept.", (await db.AuditLog.SingleAsync(e => e.Action == "auth.password_changed")).Reason);
    }

    [Fact]
    public async Task SignUpRefusesACommonPasswordWithZxcvbnsReason()
    {
        await using var app = await ParleyApp.StartAsync();
        using var http = app.CreateHttpClient();
        var problem = await Expect.Problem(await http.PostAsJsonAsync("/api/auth/register", new { userName = "weak_one", password = "password1234" }), 400, "password");
        Assert.Contains("commonly used password", problem.GetProperty("errors").GetProperty("password")[0].GetString());
        await Expect.Status(await http.PostAsJsonAsync("/api/auth/register", new { userName = "strong_one", password = NewPassword }), 201);
    }

    [Fact]
    public async Task AScoreOfZeroTurnsTheStrengthCheckOff()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Auth:MinPasswordScore"] = "0" });
        using var http = app.CreateHttpClient();
        await Expect.Status(await http.PostAsJsonAsync("/api/auth/register", new { userName = "weak_one", password = "password1234" }), 201);
    }

    [Fact]
    public async Task TheSweepDeletesRowsLongEndedOrExpired()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var now = DateTime.UtcNow;
        UserSession Row(string id, DateTime lastActive, DateTime? ended) => new()
        {
            SessionId = id, UserId = alice.Id, Method = "pwd", Kind = "bearer", CreatedAt = lastActive, LastActiveAt = lastActive, EndedAt = ended,
        };
        await using (var db = app.OpenDb())
        {
            db.UserSessions.AddRange(
                Row("ended-31-days-ago", now.AddDays(-40), now.AddDays(-31)),
                Row("ended-29-days-ago", now.AddDays(-40), now.AddDays(-29)),
                Row("expired-31-days-ago", now.AddDays(-14 - 31), null),   // refresh tokens last 14 days past the last use
                Row("expired-29-days-ago", now.AddDays(-14 - 29), null));
            await db.SaveChangesAsync();
        }
        var sweeper = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<UserSessionSweeper>().Single();
        Assert.Equal(2, await sweeper.SweepAsync(TestContext.Current.CancellationToken));
        await using var check = app.OpenDb();
        Assert.Equal(["ended-29-days-ago", "expired-29-days-ago"],
            (await check.UserSessions.Where(s => s.SessionId.Contains("ago")).Select(s => s.SessionId).ToListAsync()).Order());
        Assert.Equal(1, await check.UserSessions.CountAsync(s => !s.SessionId.Contains("ago")));   // her real sign-in stays
    }
}
