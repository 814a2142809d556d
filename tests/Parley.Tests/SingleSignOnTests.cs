using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Accounts;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Single sign-on against a real OpenID provider on loopback (tests/oidc, oidc-provider): the code flow walked hop by
/// hop with a cookie-keeping client; new account, then the same one; Connect; every refusal lands on /?ssoError with
/// nothing created or linked.
/// </summary>
public sealed class SingleSignOnTests
{
    private const string Password = "a long enough password";
    private const string Provider = "test";
    private const string Start = "/api/auth/sso/test?returnUrl=%2Frooms";

    private sealed class World(ParleyApp app, ThrowawayOidcProvider idp) : IAsyncDisposable
    {
        public ParleyApp App => app;
        public ThrowawayOidcProvider Idp => idp;
        public SsoBrowser Browser() => new(app.BaseAddress);

        /// <summary>An account with exactly this name and <see cref="Password"/> (sign-up gives test names a suffix, and may be refused).</summary>
        public async Task<Guid> CreateWithPasswordAsync(string name)
        {
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var user = new User { Id = Guid.CreateVersion7(), UserName = name, DisplayName = name, CreatedAt = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            return user.Id;
        }

        public async Task<int> UsersLinkedAsync()
        {
            await using var db = app.OpenDb();
            return await db.Set<IdentityUserLogin<Guid>>().CountAsync();
        }

        public async Task<int> AuditAsync(string action)
        {
            await using var db = app.OpenDb();
            return await db.AuditLog.CountAsync(a => a.Action == action);
        }

        public async ValueTask DisposeAsync()
        {
            await idp.DisposeAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<World> StartAsync(Dictionary<string, string?>? more = null)
    {
        var port = LoopbackPorts.Free();
        var settings = new Dictionary<string, string?>
        {
            ["Parley:Auth:Sso:Providers:test:DisplayName"] = "Test IdP",
            ["Parley:Auth:Sso:Providers:test:Authority"] = ThrowawayOidcProvider.IssuerOn(port),
            ["Parley:Auth:Sso:Providers:test:ClientId"] = ThrowawayOidcProvider.ClientId,
            ["Parley:Auth:Sso:Providers:test:ClientSecret"] = ThrowawayOidcProvider.ClientSecret,
            ["Parley:Auth:Sso:Providers:test:Scopes"] = "openid profile email groups",
            ["Parley:Auth:Sso:Providers:test:RequireHttpsMetadata"] = "false",
        };
        foreach (var (k, v) in more ?? []) settings[k] = v;
        var app = await ParleyApp.StartAsync(settings);
        try
        {
            return new World(app, await ThrowawayOidcProvider.StartAsync(port, new Uri(app.BaseAddress, "/signin-sso-test").ToString()));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static async Task<JsonElement> MeAsync(SsoBrowser browser) => await Expect.Json(await browser.Http.GetAsync("/api/me"));

    [Fact]
    public async Task FirstSignInCreatesAnAccountAndTheNextFindsIt()
    {
        await using var w = await StartAsync();
        using var first = w.Browser();
        Assert.Equal("/rooms", await first.SignInAsync(Start, "alice"));
        var me = await MeAsync(first);
        Assert.Equal("alice", me.GetProperty("userName").GetString());
        Assert.Equal("Alice Adams", me.GetProperty("displayName").GetString());
        Assert.Equal("member", me.GetProperty("role").GetString()); // no group mapping configured

        using var again = w.Browser();
        Assert.Equal("/rooms", await again.SignInAsync(Start, "alice"));
        Assert.Equal(me.GetProperty("id").GetGuid(), (await MeAsync(again)).GetProperty("id").GetGuid());
        Assert.Equal(1, await w.UsersLinkedAsync());
        Assert.Equal(1, await w.AuditAsync("auth.sso_account_created"));

        // A taken user name gets a number: bob's name is taken by a password account, so bob from the provider is bob2.
        await w.CreateWithPasswordAsync("bob");
        using var bob = w.Browser();
        await bob.SignInAsync(Start, "bob");
        Assert.Equal("bob2", (await MeAsync(bob)).GetProperty("userName").GetString());
    }

    [Fact]
    public async Task ConnectLinksTheSignedInAccount()
    {
        await using var w = await StartAsync();
        var dave = await w.App.SignUpAsync("dave");
        using var browser = w.Browser();
        // Connect needs a signed-in browser.
        await Expect.Status(await browser.Http.GetAsync("/api/auth/sso/test?link=true"), 401);
        await Expect.Status(await browser.Http.PostAsJsonAsync("/api/auth/login?useCookies=true", new { userName = dave.UserName, password = dave.Password }), 200);
        Assert.Equal("/settings", await browser.SignInAsync("/api/auth/sso/test?link=true&returnUrl=%2Fsettings", "bob"));
        var links = await Expect.Json(await browser.Http.GetAsync("/api/me/sso"));
        Assert.Equal("test", links[0].GetProperty("name").GetString());
        Assert.True(links[0].GetProperty("linked").GetBoolean());
        Assert.Equal(1, await w.AuditAsync("auth.sso_linked"));

        using var fresh = w.Browser();
        Assert.Equal("/rooms", await fresh.SignInAsync(Start, "bob"));
        Assert.Equal(dave.Id, (await MeAsync(fresh)).GetProperty("id").GetGuid());
        Assert.Equal(0, await w.AuditAsync("auth.sso_account_created"));

        // Dave has a password, so he may disconnect; afterwards bob at the provider is somebody new.
        await Expect.Status(await browser.Http.DeleteAsync("/api/me/sso/test"), 204);
        Assert.Equal(1, await w.AuditAsync("auth.sso_unlinked"));
        await Expect.Status(await browser.Http.DeleteAsync("/api/me/sso/test"), 404);
        using var later = w.Browser();
        await later.SignInAsync(Start, "bob");
        var bob = await MeAsync(later);
        Assert.NotEqual(dave.Id, bob.GetProperty("id").GetGuid());
        // An account made by SSO has no password: its only way in can't be disconnected.
        var refused = await Expect.Problem(await later.Http.DeleteAsync("/api/me/sso/test"), 409);
        Assert.Equal("sso_last_sign_in", refused.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ASignInLinkedElsewhereIsNotMovedByConnect()
    {
        await using var w = await StartAsync();
        using var alice = w.Browser();
        await alice.SignInAsync(Start, "alice");
        var dave = await w.App.SignUpAsync("dave");
        using var browser = w.Browser();
        await Expect.Status(await browser.Http.PostAsJsonAsync("/api/auth/login?useCookies=true", new { userName = dave.UserName, password = dave.Password }), 200);
        Assert.Equal("/?ssoError=sso_already_linked", await browser.SignInAsync("/api/auth/sso/test?link=true", "alice"));
        Assert.Equal(1, await w.UsersLinkedAsync());
    }

    [Fact]
    public async Task TamperedStateIsRefusedAndNothingIsCreated()
    {
        await using var w = await StartAsync();
        using var browser = w.Browser();
        var landed = await browser.SignInAsync(Start, "alice", callback =>
        {
            var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
            var state = query["state"]!;
            query["state"] = state[..10] + (state[10] == 'A' ? 'B' : 'A') + state[11..];
            return Task.FromResult(new UriBuilder(callback) { Query = query.ToString() }.Uri);
        });
        Assert.Equal("/?ssoError=sso_failed", landed);
        await Expect.Status(await browser.Http.GetAsync("/api/me"), 401);
        Assert.Equal(0, await w.UsersLinkedAsync());
    }

    [Fact]
    public async Task TheAnswerInAnotherBrowserIsRefused()
    {
        // Login CSRF: an attacker hands their own provider answer to a victim's browser, which has no correlation cookie.
        await using var w = await StartAsync();
        using var attacker = w.Browser();
        using var victim = w.Browser();
        HttpResponseMessage? victimAnswer = null;
        await attacker.SignInAsync(Start, "alice", async callback =>
        {
            victimAnswer = await victim.Http.GetAsync(callback);
            return new Uri(callback.GetLeftPart(UriPartial.Path)); // the attacker's browser does not use it
        });
        Assert.Equal("/?ssoError=sso_failed", victimAnswer!.Headers.Location!.OriginalString);
        await Expect.Status(await victim.Http.GetAsync("/api/me"), 401);
        Assert.Equal(0, await w.UsersLinkedAsync());
    }

    [Fact]
    public async Task TamperedIdTokenIsRefusedAndNothingIsCreated()
    {
        await using var w = await StartAsync();
        using var browser = w.Browser();
        var landed = await browser.SignInAsync(Start, "alice", async callback =>
        {
            using var control = new HttpClient();
            await Expect.Status(await control.PostAsync(new Uri(w.Idp.Issuer, "/_test/tamper-next-id-token"), null), 204);
            return callback;
        });
        Assert.Equal("/?ssoError=sso_failed", landed);
        await Expect.Status(await browser.Http.GetAsync("/api/me"), 401);
        Assert.Equal(0, await w.UsersLinkedAsync());
        Assert.Contains(w.App.Logs, l => l.Contains("Single sign-on with test failed", StringComparison.Ordinal));
        Assert.DoesNotContain(w.App.Logs, l => l.Contains("eyJ", StringComparison.Ordinal)); // no JWT in the logs
    }

    [Fact]
    public async Task CancellingAtTheProviderSaysSo()
    {
        await using var w = await StartAsync();
        using var browser = w.Browser();
        Assert.Equal("/?ssoError=sso_denied", await browser.SignInAsync(Start, login: null));
        Assert.Equal(0, await w.UsersLinkedAsync());
    }

    [Fact]
    public async Task ClosedRegistrationRefusesNewPeopleButNotLinkedOnes()
    {
        await using var w = await StartAsync();
        using var early = w.Browser();
        await early.SignInAsync(Start, "bob");
        var admin = await w.App.SignUpAsync("admin");
        await w.App.SetRoleAsync(admin.Id, ServerRole.Admin);
        using (var http = admin.Http())
            await Expect.Json(await http.PatchAsJsonAsync("/api/admin/settings", new { registrationMode = "closed" }));

        using var browser = w.Browser();
        Assert.Equal("/?ssoError=sso_registration_closed", await browser.SignInAsync(Start, "alice"));
        await using (var db = w.App.OpenDb()) Assert.False(await db.Users.AnyAsync(u => u.UserName == "alice"));
        using var again = w.Browser();
        Assert.Equal("/rooms", await again.SignInAsync(Start, "bob"));
    }

    [Fact]
    public async Task AClosedAccountIsRefused()
    {
        await using var w = await StartAsync();
        using var browser = w.Browser();
        await browser.SignInAsync(Start, "alice");
        await using (var db = w.App.OpenDb())
            await db.Users.Where(u => u.UserName == "alice").ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedAt, DateTime.UtcNow));
        using var again = w.Browser();
        Assert.Equal("/?ssoError=sso_closed_account", await again.SignInAsync(Start, "alice"));
        await Expect.Status(await again.Http.GetAsync("/api/me"), 401);
    }

    [Fact]
    public async Task GroupsSetTheServerRoleAtEachSignIn()
    {
        await using var w = await StartAsync(new()
        {
            ["Parley:Auth:Sso:Providers:test:AdminGroups:0"] = "parley-admins",
            ["Parley:Auth:Sso:Providers:test:ModeratorGroups:0"] = "parley-mods",
        });
        foreach (var (login, role) in new[] { ("alice", "admin"), ("carol", "moderator"), ("bob", "member") })
        {
            using var browser = w.Browser();
            await browser.SignInAsync(Start, login);
            Assert.Equal(role, (await MeAsync(browser)).GetProperty("role").GetString());
        }
        Assert.Equal(2, await w.AuditAsync("auth.sso_role_changed"));

        // Promoted by hand, bob is set back by the provider's groups at his next sign-in.
        await using (var db = w.App.OpenDb())
            await db.Users.Where(u => u.UserName == "bob").ExecuteUpdateAsync(s => s.SetProperty(u => u.ServerRole, ServerRole.Admin));
        using var again = w.Browser();
        await again.SignInAsync(Start, "bob");
        Assert.Equal("member", (await MeAsync(again)).GetProperty("role").GetString());
        Assert.Equal(3, await w.AuditAsync("auth.sso_role_changed"));
    }

    [Fact]
    public async Task SsoOnlyRefusesPasswordsButTheOwners()
    {
        await using var w = await StartAsync(new() { ["Parley:Auth:Sso:Only"] = "true" });
        using var anon = w.App.CreateHttpClient();
        var server = await Expect.Json(await anon.GetAsync("/api/server"));
        Assert.True(server.GetProperty("ssoOnly").GetBoolean());
        Assert.Equal("Test IdP", server.GetProperty("sso")[0].GetProperty("displayName").GetString());

        var signUp = await anon.PostAsJsonAsync("/api/auth/register", new { userName = "erin", password = Password });
        Assert.Equal("sso_only", (await Expect.Problem(signUp, 403)).GetProperty("code").GetString());

        var erin = await w.CreateWithPasswordAsync("erin");
        var login = await anon.PostAsJsonAsync("/api/auth/login", new { userName = "erin", password = Password });
        Assert.Equal("sso_only", (await Expect.Problem(login, 403)).GetProperty("code").GetString());
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/login", new { userName = "erin", password = "a wrong password!" }), 401);

        await w.App.SetRoleAsync(erin, ServerRole.Owner); // break-glass: the owner's password still works
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/login", new { userName = "erin", password = Password }), 200);

        using var browser = w.Browser();
        Assert.Equal("/rooms", await browser.SignInAsync(Start, "alice"));
    }

    [Fact]
    public async Task BadStartsAreRefused()
    {
        await using var w = await StartAsync();
        using var anon = w.App.CreateHttpClient();
        await Expect.Status(await anon.GetAsync("/api/auth/sso/nope"), 404);
        foreach (var url in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example", "rooms" })
            await Expect.Problem(await anon.GetAsync("/api/auth/sso/test?returnUrl=" + Uri.EscapeDataString(url)), 400, "returnUrl");
        Assert.Equal(0, await w.UsersLinkedAsync());
    }

    [Fact]
    public async Task AMisconfiguredProviderStopsTheStartWithAReadableReason()
    {
        var e = await Assert.ThrowsAsync<Parley.Server.Infrastructure.StartupFailure>(() => ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:Auth:Sso:Providers:Corp_1:Authority"] = "http://login.example.com",
        }));
        Assert.Contains("Parley:Auth:Sso:Providers:Corp_1: the provider's name must be", e.Message);
        Assert.Contains("Authority uses http", e.Message);
        Assert.Contains("ClientId is required", e.Message);
    }
}
