using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

// Connections that must hear SessionEnded are raw: the server aborts right after sending it, and the .NET client may
// drop what it had received but not yet read when its transport fails (a browser delivers it first).
public sealed class AccountTests
{
    [Fact]
    public async Task RegisterLoginAndSeeMyself()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice A.");
        using var http = alice.Http();
        var me = await Expect.Json(await http.GetAsync("/api/me"));
        Assert.Equal(alice.Id, me.Id());
        Assert.Equal(alice.UserName, me.GetProperty("userName").GetString());
        Assert.Equal("Alice A.", me.GetProperty("displayName").GetString());

        var patched = await Expect.Json(await http.PatchAsJsonAsync("/api/me", new { displayName = "Alice", statusText = "in a meeting" }));
        Assert.Equal("Alice", patched.GetProperty("displayName").GetString());
        Assert.Equal("in a meeting", (await Expect.Json(await http.GetAsync("/api/me"))).GetProperty("statusText").GetString());
    }

    [Fact]
    public async Task TheFirstAccountOnAFreshServerOwnsItAndTheNextAreMembers()
    {
        await using var app = await ParleyApp.StartOnAsync(await ParleyApp.CreateDatabaseAsync());   // no test owner first
        var first = await app.SignUpAsync("first");
        var second = await app.SignUpAsync("second");
        using (var http = first.Http()) Assert.Equal("owner", (await Expect.Json(await http.GetAsync("/api/me"))).GetProperty("role").GetString());
        using (var http = second.Http()) Assert.Equal("member", (await Expect.Json(await http.GetAsync("/api/me"))).GetProperty("role").GetString());
    }

    [Fact]
    public async Task WithoutATokenTheApiAnswers401()
    {
        await using var app = await ParleyApp.StartAsync();
        using var http = app.CreateHttpClient();
        await Expect.Status(await http.GetAsync("/api/me"), 401);
        using var forged = app.CreateHttpClient("not-a-token");
        await Expect.Status(await forged.GetAsync("/api/rooms"), 401);
    }

    [Theory]
    [InlineData("", "a long enough password", "userName")]
    [InlineData("ab", "a long enough password", "userName")]
    [InlineData("has space", "a long enough password", "userName")]
    [InlineData("über", "a long enough password", "userName")]
    [InlineData("_leading", "a long enough password", "userName")]
    [InlineData("valid_name", "short", "password")]
    [InlineData("valid_name", "aaaaaaaaaaaa", "password")]
    [InlineData("valid_name", "my valid_name password", "password")]
    public async Task BadRegistrationNamesTheFieldAndStoresNothing(string userName, string password, string field)
    {
        await using var app = await ParleyApp.StartOnAsync(await ParleyApp.CreateDatabaseAsync());   // no test owner: not one account
        using var http = app.CreateHttpClient();
        await Expect.Problem(await http.PostAsJsonAsync("/api/auth/register", new { userName, password, displayName = "X" }), 400, field);
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task RegistrationNamesEveryBadFieldAtOnce()
    {
        await using var app = await ParleyApp.StartAsync();
        using var http = app.CreateHttpClient();
        var problem = await Expect.Problem(
            await http.PostAsJsonAsync("/api/auth/register", new { userName = "a b", password = "short", displayName = "two\nlines" }), 400);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["displayName", "password", "userName"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task DisplayNameWithControlOrDirectionCharactersIsRefused()
    {
        await using var app = await ParleyApp.StartAsync();
        using var http = app.CreateHttpClient();
        await Expect.Problem(await http.PostAsJsonAsync("/api/auth/register", new { userName = "bob", password = "a long enough password", displayName = "evil\u202Egnp.exe" }), 400, "displayName");
        await Expect.Problem(await http.PostAsJsonAsync("/api/auth/register", new { userName = "bob", password = "a long enough password", displayName = "two\nlines" }), 400, "displayName");
        var bob = await app.SignUpAsync("bob");
        using var b = bob.Http();
        await Expect.Problem(await b.PatchAsJsonAsync("/api/me", new { displayName = new string('x', 65) }), 400, "displayName");
        await Expect.Problem(await b.PatchAsJsonAsync("/api/me", new { statusText = "bell\u0007" }), 400, "statusText");
    }

    [Fact]
    public async Task UserNamesAreUniqueWhateverTheirCase()
    {
        await using var app = await ParleyApp.StartAsync();
        using var http = app.CreateHttpClient();
        await Expect.Status(await http.PostAsJsonAsync("/api/auth/register", new { userName = "Carol", password = "a long enough password" }), 201);
        await Expect.Problem(await http.PostAsJsonAsync("/api/auth/register", new { userName = "cAROL", password = "another rather long passphrase" }), 409, "userName");
        // Sign-in ignores case too.
        await Expect.Status(await http.PostAsJsonAsync("/api/auth/login", new { userName = "carol", password = "a long enough password" }), 200);
    }

    [Fact]
    public async Task UnknownUserAndWrongPasswordGetTheSameAnswer()
    {
        await using var app = await ParleyApp.StartAsync();
        var dave = await app.SignUpAsync("dave");
        using var http = app.CreateHttpClient();
        var wrong = await Expect.Problem(await http.PostAsJsonAsync("/api/auth/login", new { userName = dave.UserName, password = "not the password" }), 401);
        var unknown = await Expect.Problem(await http.PostAsJsonAsync("/api/auth/login", new { userName = "nobody_here", password = "not the password" }), 401);
        Assert.Equal(wrong.GetProperty("title").GetString(), unknown.GetProperty("title").GetString());
    }

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountWith429()
    {
        await using var app = await ParleyApp.StartAsync();
        var erin = await app.SignUpAsync("erin");
        using var http = app.CreateHttpClient();
        for (var i = 0; i < 4; i++)
            await Expect.Status(await http.PostAsJsonAsync("/api/auth/login", new { userName = erin.UserName, password = "wrong password!" }), 401);
        var locked = await http.PostAsJsonAsync("/api/auth/login", new { userName = erin.UserName, password = "wrong password!" });
        await Expect.Problem(locked, 429);
        Assert.NotNull(locked.Headers.RetryAfter);
        // Even the right password is refused while locked.
        await Expect.Problem(await http.PostAsJsonAsync("/api/auth/login", new { userName = erin.UserName, password = erin.Password }), 429);
    }

    [Fact]
    public async Task ALockedAccountAndAnUnknownNameGetTheSameAnswer()
    {
        await using var app = await ParleyApp.StartAsync();
        var olga = await app.SignUpAsync("olga");
        using var http = app.CreateHttpClient();
        async Task<(int Status, string? RetryAfter, string Body)> FiveWrong(string userName)
        {
            HttpResponseMessage last = null!;
            for (var i = 0; i < 5; i++) last = await http.PostAsJsonAsync("/api/auth/login", new { userName, password = "wrong password!" });
            var problem = await Expect.Problem(last, 429);
            // Everything but the trace id, which differs per request anyway.
            var fields = problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}");
            return ((int)last.StatusCode, last.Headers.RetryAfter?.ToString(), string.Join(";", fields));
        }
        var real = await FiveWrong(olga.UserName);
        var unknown = await FiveWrong("nobody_" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(real, unknown);
        Assert.Contains("Too many failed sign-in attempts", real.Body);
    }

    [Fact]
    public async Task AStrangersFailuresDoNotLockTheOwnerOutFromTheirOwnAddress()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Proxy:KnownProxies:0"] = "127.0.0.1" });
        var pia = await app.SignUpAsync("pia");
        using var http = app.CreateHttpClient();
        Task<HttpResponseMessage> Login(string from, string password)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName = pia.UserName, password }) };
            req.Headers.Add("X-Forwarded-For", from);
            return http.SendAsync(req);
        }
        for (var i = 0; i < 4; i++) await Expect.Status(await Login("10.9.9.9", "guess number " + i), 401);
        for (var i = 0; i < 3; i++) await Expect.Problem(await Login("10.9.9.9", "guess again " + i), 429);
        // The stranger is held back, even with the right password; the owner, elsewhere, is not.
        await Expect.Problem(await Login("10.9.9.9", pia.Password), 429);
        await Expect.Problem(await Login("10.1.1.1", "a typo in it"), 401);
        var tokens = await Expect.Json(await Login("10.1.1.1", pia.Password));
        using var owner = app.CreateHttpClient(tokens.GetProperty("accessToken").GetString());
        Assert.Equal(pia.Id, (await Expect.Json(await owner.GetAsync("/api/me"))).Id());
    }

    [Fact]
    public async Task TooManyAuthAttemptsFromOneAddressGet429()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:RateLimits:AuthPerMinute"] = "3" });
        using var http = app.CreateHttpClient();
        for (var i = 0; i < 3; i++)
            await Expect.Status(await http.PostAsJsonAsync("/api/auth/login", new { userName = "someone", password = "some password" }), 401);
        var limited = await http.PostAsJsonAsync("/api/auth/login", new { userName = "someone", password = "some password" });
        await Expect.Problem(limited, 429);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task BehindATrustedProxyEachClientHasItsOwnAuthBudget()
    {
        async Task<int[]> Attempts(ParleyApp app, params string[] clients)
        {
            using var http = app.CreateHttpClient();
            var codes = new List<int>();
            foreach (var client in clients)
            {
                using var req = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName = "someone", password = "some password" }) };
                req.Headers.Add("X-Forwarded-For", client);
                codes.Add((int)(await http.SendAsync(req)).StatusCode);
            }
            return codes.ToArray();
        }
        var limit = new Dictionary<string, string?> { ["Parley:RateLimits:AuthPerMinute"] = "2" };
        await using (var trusted = await ParleyApp.StartAsync(new Dictionary<string, string?>(limit) { ["Parley:Proxy:KnownProxies:0"] = "127.0.0.1" }))
            Assert.Equal(new[] { 401, 401, 429, 401, 401 }, await Attempts(trusted, "10.1.1.1", "10.1.1.1", "10.1.1.1", "10.2.2.2", "10.2.2.2"));
        // Without a trusted proxy the header is ignored: a client can't dodge the limit by inventing addresses.
        await using (var direct = await ParleyApp.StartAsync(limit))
            Assert.Equal(new[] { 401, 401, 429, 429 }, await Attempts(direct, "10.1.1.1", "10.2.2.2", "10.3.3.3", "10.4.4.4"));
    }

    [Fact]
    public async Task PasswordsAreHashedWithOwaspIterations()
    {
        // The suite lowers the iteration count for speed; null restores the app's default.
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Auth:PasswordIterations"] = null });
        var frank = await app.SignUpAsync("frank");
        await using var db = app.OpenDb();
        var hash = Convert.FromBase64String((await db.Users.SingleAsync(u => u.Id == frank.Id)).PasswordHash!);
        // Identity v3 format: 0x01 | PRF (4 bytes) | iterations (4 bytes, big-endian) | salt length | salt | subkey
        Assert.Equal(0x01, hash[0]);
        Assert.Equal(2u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1))); // HMAC-SHA512
        Assert.Equal(210_000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)));
    }

    [Fact]
    public async Task RefreshGivesNewTokensAndLogoutEverywhereVoidsThem()
    {
        await using var app = await ParleyApp.StartAsync();
        var gina = await app.SignUpAsync("gina");
        using var http = app.CreateHttpClient();
        var fresh = await Expect.Json(await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = gina.RefreshToken }));
        var access = fresh.GetProperty("accessToken").GetString()!;
        using (var again = app.CreateHttpClient(access)) await Expect.Status(await again.GetAsync("/api/me"), 200);

        await Expect.Problem(await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "garbage" }), 401);
        await Expect.Problem(await http.PostAsJsonAsync("/api/auth/refresh", new { }), 400, "refreshToken");

        using (var g = app.CreateHttpClient(access)) await Expect.Status(await g.PostAsync("/api/auth/logout?everywhere=true", null), 204);
        await Expect.Status(await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = fresh.GetProperty("refreshToken").GetString() }), 401);
    }

    [Fact]
    public async Task EachRefreshTokenWorksOnceAndReusingOneEndsTheSession()
    {
        await using var app = await ParleyApp.StartAsync();
        var mia = await app.SignUpAsync("mia");
        using var anon = app.CreateHttpClient();
        Task<HttpResponseMessage> Refresh(string token) => anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token });
        // Another sign-in of the same account: a session of its own, which must carry on.
        var other = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login", new { userName = mia.UserName, password = mia.Password }));

        var first = await Expect.Json(await Refresh(mia.RefreshToken));
        var firstRefresh = first.GetProperty("refreshToken").GetString()!;
        Assert.NotEqual(mia.RefreshToken, firstRefresh);
        var latest = await Expect.Json(await Refresh(firstRefresh));
        var latestRefresh = latest.GetProperty("refreshToken").GetString()!;
        using var device = app.CreateHttpClient(latest.GetProperty("accessToken").GetString());
        await using var hub = await RawHubClient.ConnectAsync(app.BaseAddress, latest.GetProperty("accessToken").GetString()!);
        await Expect.Status(await device.GetAsync("/api/me"), 200);

        // The sign-in's token again, as a thief who copied it would: refused, and the session ends for everyone holding it.
        await Expect.Problem(await Refresh(mia.RefreshToken), 401);
        await Expect.Status(await Refresh(latestRefresh), 401);
        await Expect.Status(await device.GetAsync("/api/me"), 403);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(hub.Events("SessionEnded"));
        // The account's other session is not touched.
        await Expect.Status(await Refresh(other.GetProperty("refreshToken").GetString()!), 200);
    }

    [Fact]
    public async Task OneRefreshTokenSentTwiceAtOnceGivesAtMostOneNewToken()
    {
        await using var app = await ParleyApp.StartAsync();
        var noa = await app.SignUpAsync("noa");
        using var anon = app.CreateHttpClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = noa.RefreshToken })));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) <= 1, string.Join(", ", answers.Select(a => (int)a.StatusCode)));
        // The losers were a second use: the session is over, so even the winner's new token is refused.
        foreach (var won in answers.Where(a => a.StatusCode == HttpStatusCode.OK))
        {
            var tokens = await Expect.Json(won);
            await Expect.Status(await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }), 401);
        }
        using var http = noa.Http();
        await Expect.Status(await http.GetAsync("/api/me"), 403);
    }

    [Fact]
    public async Task LogoutEndsThatSessionsTokensAndConnectionsOnly()
    {
        await using var app = await ParleyApp.StartAsync();
        var lea = await app.SignUpAsync("lea");
        // A second sign-in of the same account: another device.
        using var anon = app.CreateHttpClient();
        var other = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login", new { userName = lea.UserName, password = lea.Password }));
        using var otherDevice = app.CreateHttpClient(other.GetProperty("accessToken").GetString());
        await using var hub = await app.ConnectRawAsync(lea);
        await using var otherHub = await RawHubClient.ConnectAsync(app.BaseAddress, other.GetProperty("accessToken").GetString()!);

        using var http = lea.Http();
        await Expect.Status(await http.PostAsync("/api/auth/logout", null), 204);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        // The connection was told why before it closed, so a client stops instead of reconnecting.
        Assert.Equal("You signed out.", Assert.Single(hub.Events("SessionEnded")).GetProperty("reason").GetString());
        // The signed-out session's access and refresh tokens are dead at once, not when they expire.
        await Expect.Status(await http.GetAsync("/api/me"), 403);
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = lea.RefreshToken }), 401);
        await Assert.ThrowsAsync<HubConnectRefused>(() => app.ConnectAsync(lea));
        // The other device carries on.
        await Expect.Status(await otherDevice.GetAsync("/api/me"), 200);
        Assert.False(otherHub.IsClosed);
        Assert.Empty(otherHub.Events("SessionEnded"));

        await Expect.Status(await otherDevice.PostAsync("/api/auth/logout?everywhere=true", null), 204);
        await otherHub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("You signed out everywhere.", Assert.Single(otherHub.Events("SessionEnded")).GetProperty("reason").GetString());
        await Expect.Status(await otherDevice.GetAsync("/api/me"), 403);
    }

    [Fact]
    public async Task AnOpenConnectionNoticesASessionEndedElsewhere()
    {
        // Another node handles the logout: this node's registry never hears of it, the recheck must catch it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Hub:SessionRecheckSeconds"] = "1" }, clock);
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        await using var hub = await app.ConnectRawAsync(alice);
        await hub.InvokeAsync("SendMessage", room, TestUserApi.Send("still signed in"));

        await using (var db = app.OpenDb())
        {
            var user = await db.Users.SingleAsync(u => u.Id == alice.Id);
            user.SecurityStamp = Guid.NewGuid().ToString("N"); // what logout-everywhere does
            await db.SaveChangesAsync();
        }
        clock.Advance(TimeSpan.FromSeconds(2)); // past the recheck interval
        Assert.Contains("session has ended", await hub.InvokeExpectingErrorAsync("SendMessage", room, TestUserApi.Send("too late")));
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(hub.Events("SessionEnded"));
        await using var check = app.OpenDb();
        Assert.Equal(0, await check.Messages.CountAsync(m => m.Text == "too late"));
    }

    [Fact]
    public async Task BrowsersSignInWithAnHttpOnlyCookie()
    {
        await using var app = await ParleyApp.StartAsync();
        var hank = await app.SignUpAsync("hank");
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = app.BaseAddress };
        var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { userName = hank.UserName, password = hank.Password });
        await Expect.Status(login, 200);
        var setCookie = string.Join(";", login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(hank.Id, (await Expect.Json(await browser.GetAsync("/api/me"))).Id());

        // A write from a foreign origin riding the cookie is refused.
        using var csrf = new HttpRequestMessage(HttpMethod.Patch, "/api/me") { Content = JsonContent.Create(new { displayName = "pwned" }) };
        csrf.Headers.Add("Origin", "https://evil.example");
        await Expect.Problem(await browser.SendAsync(csrf), 403);
        Assert.Equal("hank", (await Expect.Json(await browser.GetAsync("/api/me"))).GetProperty("displayName").GetString()![..4]);

        await Expect.Status(await browser.PostAsync("/api/auth/logout", null), 204);
        await Expect.Status(await browser.GetAsync("/api/me"), 401);
    }

    [Fact]
    public async Task FindPeopleByNameOrDisplayName()
    {
        await using var app = await ParleyApp.StartAsync();
        var ivy = await app.SignUpAsync("ivy", "Ivy Green");
        await app.SignUpAsync("jack", "Jack Black");
        using var http = ivy.Http();
        var byName = await Expect.Json(await http.GetAsync("/api/users?q=IVY"));
        Assert.Contains(byName.EnumerateArray(), u => u.Id() == ivy.Id);
        var byDisplay = await Expect.Json(await http.GetAsync("/api/users?q=black"));
        Assert.Single(byDisplay.EnumerateArray());
        Assert.DoesNotContain(byDisplay.EnumerateArray(), u => u.Id() == ivy.Id);
        // No password hashes or stamps leak into user listings.
        Assert.DoesNotContain("password", byName.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ProfileChangesReachEveryoneWhoSharesARoomLive()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var carol = await app.SignUpAsync("carol", "Carol");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room);
        await using var bh = await app.ConnectAsync(bob);
        await using var ch = await app.ConnectAsync(carol);
        await using var ah = await app.ConnectAsync(alice);
        using var http = alice.Http();

        await Expect.Json(await http.PatchAsJsonAsync("/api/me", new { displayName = "Alice A.", statusText = "on call" }, TestContext.Current.CancellationToken));
        foreach (var hub in new[] { bh, ah }) // a room-mate, and her own other tabs
        {
            var e = await hub.WaitForAsync("UserUpdated");
            Assert.Equal(alice.Id, e.Id());
            Assert.Equal("Alice A.", e.GetProperty("displayName").GetString());
            Assert.Equal("on call", e.GetProperty("statusText").GetString());
        }
        await carol.MarkAsync(ch);
        Assert.DoesNotContain(ch.Events("UserUpdated"), e => e.Id() == alice.Id); // shares no room

        // Nothing changed: no event.
        await Expect.Json(await http.PatchAsJsonAsync("/api/me", new { displayName = "Alice A." }, TestContext.Current.CancellationToken));
        await bob.MarkAsync(bh);
        Assert.Single(bh.Events("UserUpdated"), e => e.Id() == alice.Id);
    }

    [Fact]
    public async Task ClosingTheAccountEndsItsSessionsAndConnections()
    {
        await using var app = await ParleyApp.StartAsync();
        var kim = await app.SignUpAsync("kim");
        await using var hub = await app.ConnectRawAsync(kim);
        using var http = kim.Http();
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/deactivate", new { password = "wrong password" }), 403);
        await Expect.Status(await http.PostAsJsonAsync("/api/me/deactivate", new { password = kim.Password }), 204);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("This account was closed.", Assert.Single(hub.Events("SessionEnded")).GetProperty("reason").GetString());
        await Expect.Status(await http.GetAsync("/api/me"), 403);
        using var anon = app.CreateHttpClient();
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/login", new { userName = kim.UserName, password = kim.Password }), 401);
        await Assert.ThrowsAsync<HubConnectRefused>(() => app.ConnectAsync(kim));
    }

    [Fact]
    public async Task ClosingAnAccountWhoseClientHangsUpOnTheNoticeSucceeds()
    {
        // A browser stops its connection the moment it hears SessionEnded, while the server is still closing it.
        await using var app = await ParleyApp.StartAsync();
        var kim = await app.SignUpAsync("kim");
        var hubs = new List<HubClient>();
        for (var i = 0; i < 3; i++) hubs.Add(await app.ConnectAsync(kim));
        var hangUps = hubs.Select(async h =>
        {
            await h.WaitForAsync("SessionEnded");
            await h.DisposeAsync();
        }).ToList();
        using var http = kim.Http();
        await Expect.Status(await http.PostAsJsonAsync("/api/me/deactivate", new { password = kim.Password }), 204);
        await Task.WhenAll(hangUps).WaitAsync(TimeSpan.FromSeconds(10));
    }

}
