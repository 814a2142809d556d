using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Two-factor sign-in with TOTP. The tests play the authenticator app: they compute codes from the secret the server
/// returned, at the app's (fake) time, and move that clock a step (30 s) on to get a fresh code.
/// </summary>
public sealed class TwoFactorTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private static async Task<(ParleyApp App, FakeTimeProvider Clock)> StartAsync(IDictionary<string, string?>? settings = null)
    {
        // Half-way through a step, so a code computed now stays in its step for the test's few requests.
        var now = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 30 * 30 + 15));
        return (await ParleyApp.StartAsync(settings, clock), clock);
    }

    private static string Code(string secret, FakeTimeProvider clock, TimeSpan? offset = null) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp((clock.GetUtcNow() + (offset ?? TimeSpan.Zero)).UtcDateTime);

    /// <summary>Enrols the user as the web client does; returns the secret and the recovery codes. Leaves the clock on a fresh step.</summary>
    private static async Task<(string Secret, List<string> RecoveryCodes)> EnrolAsync(TestUser user, FakeTimeProvider clock)
    {
        using var http = user.Http();
        var setup = await Expect.Json(await http.PostAsync("/api/me/2fa/setup", null));
        var secret = setup.GetProperty("secret").GetString()!;
        Assert.StartsWith("otpauth://totp/", setup.GetProperty("otpauthUri").GetString());
        Assert.Contains($"secret={secret}", setup.GetProperty("otpauthUri").GetString());
        Assert.StartsWith("<svg", setup.GetProperty("qrSvg").GetString()!.TrimStart()[..4]);
        var confirmed = await Expect.Json(await http.PostAsJsonAsync("/api/me/2fa/confirm", new { code = Code(secret, clock) }));
        var codes = confirmed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        clock.Advance(Step);
        return (secret, codes);
    }

    private static async Task<string> ChallengeAsync(HttpClient http, TestUser user, string query = "", string flag = "twoFactorRequired")
    {
        var res = await http.PostAsJsonAsync("/api/auth/login" + query, new { userName = user.UserName, password = user.Password });
        var prompt = await Expect.Json(res, 200);
        Assert.True(prompt.GetProperty(flag).GetBoolean(), prompt.ToString());
        Assert.False(prompt.TryGetProperty("accessToken", out _));
        Assert.False(res.Headers.Contains("Set-Cookie"));
        return prompt.GetProperty("challenge").GetString()!;
    }

    private static async Task<List<string>> AuditAsync(ParleyApp app, Guid userId)
    {
        await using var db = app.OpenDb();
        return await db.AuditLog.Where(a => a.TargetUserId == userId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    [Fact]
    public async Task EnrolThenSignInAsksForTheCodeWithBearerAndCookie()
    {
        var (app, clock) = await StartAsync();
        await using var running = app;
        var alice = await app.SignUpAsync("alice");
        using (var http = alice.Http())
        {
            var before = await Expect.Json(await http.GetAsync("/api/me/2fa"));
            Assert.False(before.GetProperty("enabled").GetBoolean());
        }
        var (secret, codes) = await EnrolAsync(alice, clock);
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        using (var http = alice.Http())   // the session that enrolled goes on
        {
            var status = await Expect.Json(await http.GetAsync("/api/me/2fa"));
            Assert.True(status.GetProperty("enabled").GetBoolean());
            Assert.Equal(10, status.GetProperty("recoveryCodesLeft").GetInt32());
            Assert.False(status.GetProperty("required").GetBoolean());
        }

        // Bearer: the password alone issues nothing; a wrong code gets 401 and no tokens; the right one gets the tokens.
        using var anon = app.CreateHttpClient();
        var challenge = await ChallengeAsync(anon, alice);
        var wrong = Code(secret, clock) == "000000" ? "111111" : "000000";
        var refused = await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge, code = wrong }), 401, "code");
        Assert.Equal("code_wrong", refused.GetProperty("code").GetString());
        var tokens = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge, code = Code(secret, clock) }));
        using (var signedIn = app.CreateHttpClient(tokens.GetProperty("accessToken").GetString()))
            Assert.Equal(alice.Id, (await Expect.Json(await signedIn.GetAsync("/api/me"))).Id());

        // Cookie: the same, with the cookie set by the second step only.
        clock.Advance(Step);
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = app.BaseAddress };
        var cookieChallenge = await ChallengeAsync(browser, alice, "?useCookies=true");
        await Expect.Status(await browser.GetAsync("/api/me"), 401);
        var me = await Expect.Json(await browser.PostAsJsonAsync("/api/auth/login/2fa?useCookies=true", new { challenge = cookieChallenge, code = Code(secret, clock) }));
        Assert.Equal(alice.Id, me.Id());
        Assert.Equal(alice.Id, (await Expect.Json(await browser.GetAsync("/api/me"))).Id());

        Assert.Equal(["auth.2fa_enabled"], await AuditAsync(app, alice.Id));
    }

    [Fact]
    public async Task ReplayedAndStaleCodesAreRefused()
    {
        var (app, clock) = await StartAsync();
        await using var running = app;
        var bob = await app.SignUpAsync("bob");
        var (secret, _) = await EnrolAsync(bob, clock);
        using var anon = app.CreateHttpClient();

        var code = Code(secret, clock);
        await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, bob), code }));
        // The same code again, with a fresh challenge: replayed.
        var replay = await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, bob), code }), 401, "code");
        Assert.Equal("code_replayed", replay.GetProperty("code").GetString());
        Assert.Contains("already used", replay.GetProperty("title").GetString());
        // The step before is within the clock-skew window, but older than the code accepted: also a replay.
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa",
            new { challenge = await ChallengeAsync(anon, bob), code = Code(secret, clock, -Step) }), 401, "code");

        // A code from two steps ago is outside the window.
        clock.Advance(Step * 3);
        var stale = Code(secret, clock, -2 * Step);
        if (stale != Code(secret, clock) && stale != Code(secret, clock, -Step) && stale != Code(secret, clock, Step))
        {
            var old = await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, bob), code = stale }), 401, "code");
            Assert.Equal("code_wrong", old.GetProperty("code").GetString());
        }
        // Nothing was spent by the refusals: the current code still works.
        await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, bob), code = Code(secret, clock) }));
    }

    [Fact]
    public async Task ARecoveryCodeWorksOnceAndANewSetVoidsTheOld()
    {
        var (app, clock) = await StartAsync();
        await using var running = app;
        var carol = await app.SignUpAsync("carol");
        var (_, codes) = await EnrolAsync(carol, clock);
        using var anon = app.CreateHttpClient();

        // Typed loosely (upper case, no dash): still the same code.
        var typed = codes[0].Replace("-", "").ToUpperInvariant();
        var tokens = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, carol), recoveryCode = typed }));
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("accessToken").GetString()));
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, carol), recoveryCode = codes[0] }), 401, "recoveryCode");
        using var http = carol.Http();
        Assert.Equal(9, (await Expect.Json(await http.GetAsync("/api/me/2fa"))).GetProperty("recoveryCodesLeft").GetInt32());

        // A new set needs the password; the wrong one changes nothing.
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/2fa/recovery-codes", new { password = "not the password" }), 403, "password");
        Assert.Equal(9, (await Expect.Json(await http.GetAsync("/api/me/2fa"))).GetProperty("recoveryCodesLeft").GetInt32());
        var renewed = (await Expect.Json(await http.PostAsJsonAsync("/api/me/2fa/recovery-codes", new { password = carol.Password })))
            .GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, renewed.Count);
        Assert.Empty(renewed.Intersect(codes));
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, carol), recoveryCode = codes[1] }), 401, "recoveryCode");
        await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, carol), recoveryCode = renewed[1] }));

        Assert.Equal(["auth.2fa_enabled", "auth.recovery_code_used", "auth.recovery_codes_renewed", "auth.recovery_code_used"], await AuditAsync(app, carol.Id));
    }

    [Fact]
    public async Task TurningItOffNeedsThePassword()
    {
        var (app, clock) = await StartAsync();
        await using var running = app;
        var dave = await app.SignUpAsync("dave");
        await EnrolAsync(dave, clock);
        using var http = dave.Http();
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/2fa/disable", new { password = "not the password" }), 403, "password");
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/2fa/disable", new { }), 400, "password");
        Assert.True((await Expect.Json(await http.GetAsync("/api/me/2fa"))).GetProperty("enabled").GetBoolean());

        await Expect.Status(await http.PostAsJsonAsync("/api/me/2fa/disable", new { password = dave.Password }), 204);
        Assert.False((await Expect.Json(await http.GetAsync("/api/me/2fa"))).GetProperty("enabled").GetBoolean());
        using var anon = app.CreateHttpClient();
        var login = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login", new { userName = dave.UserName, password = dave.Password }));
        Assert.False(string.IsNullOrEmpty(login.GetProperty("accessToken").GetString()));
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.RecoveryCodes.CountAsync(c => c.UserId == dave.Id));
        Assert.Equal(0, await db.TwoFactorSecrets.CountAsync(s => s.UserId == dave.Id));
        Assert.Equal(["auth.2fa_enabled", "auth.2fa_disabled"], await AuditAsync(app, dave.Id));
    }

    [Fact]
    public async Task TamperedExpiredOrMissingChallengesAreRefused()
    {
        var (app, clock) = await StartAsync();
        await using var running = app;
        var erin = await app.SignUpAsync("erin");
        var (secret, _) = await EnrolAsync(erin, clock);
        using var anon = app.CreateHttpClient();

        var challenge = await ChallengeAsync(anon, erin);
        var tampered = challenge[..^4] + (challenge[^4] == 'A' ? 'B' : 'A') + challenge[^3..];
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = tampered, code = Code(secret, clock) }), 401, "challenge");
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { code = Code(secret, clock) }), 400, "challenge");
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge, code = "12ab" }), 400, "code");
        // A setup challenge is not a code challenge.
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/2fa/setup", new { challenge }), 401, "challenge");

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var expired = await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge, code = Code(secret, clock) }), 401, "challenge");
        Assert.Equal("challenge_expired", expired.GetProperty("code").GetString());

        // A challenge dies with the security stamp (signing out everywhere).
        var fresh = await ChallengeAsync(anon, erin);
        using (var http = erin.Http()) await Expect.Status(await http.PostAsync("/api/auth/logout?everywhere=true", null), 204);
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = fresh, code = Code(secret, clock) }), 401, "challenge");
    }

    [Fact]
    public async Task WrongCodesAreThrottledAndARightPasswordDoesNotResetTheCount()
    {
        var (app, clock) = await StartAsync(new Dictionary<string, string?> { ["Parley:Auth:MaxFailedLogins"] = "3" });
        await using var running = app;
        var finn = await app.SignUpAsync("finn");
        var (secret, _) = await EnrolAsync(finn, clock);
        using var anon = app.CreateHttpClient();
        var wrong = Code(secret, clock) == "000000" ? "111111" : "000000";
        for (var i = 0; i < 2; i++)
            await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, finn), code = wrong }), 401, "code");
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, finn), code = wrong }), 429);
        // Locked out: even the right code waits.
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge = await ChallengeAsync(anon, finn), code = Code(secret, clock) }), 429);
    }

    [Fact]
    public async Task WhenTheServerRequiresItUsersEnrolAtTheirNextSignIn()
    {
        var (app, clock) = await StartAsync();
        await using var running = app;
        var admin = await app.SignUpAsync("admin");
        await app.SetRoleAsync(admin.Id, ServerRole.Admin);
        var gus = await app.SignUpAsync("gus");
        var hana = await app.SignUpAsync("hana");

        using (var asAdmin = admin.Http())
        {
            var set = await Expect.Json(await asAdmin.PatchAsJsonAsync("/api/admin/settings", new { requireTwoFactor = true }));
            Assert.True(set.GetProperty("requireTwoFactor").GetBoolean());
        }
        using var anon = app.CreateHttpClient();
        Assert.True((await Expect.Json(await anon.GetAsync("/api/server"))).GetProperty("requireTwoFactor").GetBoolean());
        await using (var db = app.OpenDb())
            Assert.Contains("requireTwoFactor", (await db.AuditLog.SingleAsync(a => a.Action == "server.settings")).Details);

        // Signed in already: left signed in until their next sign-in.
        using (var http = gus.Http()) await Expect.Status(await http.GetAsync("/api/me"), 200);

        // Bearer: setup with the challenge, a wrong code changes nothing, the right one signs in and brings the recovery codes.
        var challenge = await ChallengeAsync(anon, gus, flag: "twoFactorSetupRequired");
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/login/2fa", new { challenge, code = "123456" }), 401, "challenge");
        var setup = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/2fa/setup", new { challenge }));
        var secret = setup.GetProperty("secret").GetString()!;
        var wrong = Code(secret, clock) == "000000" ? "111111" : "000000";
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/2fa/setup/confirm", new { challenge, code = wrong }), 400, "code");
        await using (var db = app.OpenDb()) Assert.False((await db.Users.SingleAsync(u => u.Id == gus.Id)).TwoFactorEnabled);
        var done = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/2fa/setup/confirm", new { challenge, code = Code(secret, clock) }));
        Assert.Equal(10, done.GetProperty("recoveryCodes").GetArrayLength());
        using (var http = app.CreateHttpClient(done.GetProperty("accessToken").GetString()))
        {
            Assert.Equal(gus.Id, (await Expect.Json(await http.GetAsync("/api/me"))).Id());
            Assert.True((await Expect.Json(await http.GetAsync("/api/me/2fa"))).GetProperty("required").GetBoolean());
            // Required: it can't be turned off.
            var refused = await Expect.Problem(await http.PostAsJsonAsync("/api/me/2fa/disable", new { password = gus.Password }), 403);
            Assert.Equal("two_factor_required", refused.GetProperty("code").GetString());
        }
        // Enrolled: the next sign-in asks for a code.
        clock.Advance(Step);
        await ChallengeAsync(anon, gus);

        // Cookie: the same steps, the answer is the user with the codes, and the cookie is set.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = app.BaseAddress };
        var hanaChallenge = await ChallengeAsync(browser, hana, "?useCookies=true", "twoFactorSetupRequired");
        var hanaSecret = (await Expect.Json(await browser.PostAsJsonAsync("/api/auth/2fa/setup", new { challenge = hanaChallenge }))).GetProperty("secret").GetString()!;
        var me = await Expect.Json(await browser.PostAsJsonAsync("/api/auth/2fa/setup/confirm?useCookies=true", new { challenge = hanaChallenge, code = Code(hanaSecret, clock) }));
        Assert.Equal(hana.Id, me.Id());
        Assert.Equal(10, me.GetProperty("recoveryCodes").GetArrayLength());
        Assert.Equal(hana.Id, (await Expect.Json(await browser.GetAsync("/api/me"))).Id());
        Assert.Equal(["auth.2fa_enabled"], await AuditAsync(app, hana.Id));
    }

    [Fact]
    public async Task TheSecretAndRecoveryCodesAreNotStoredInClear()
    {
        var (app, clock) = await StartAsync();
        await using var running = app;
        var ivy = await app.SignUpAsync("ivy");
        var (secret, codes) = await EnrolAsync(ivy, clock);
        await using var db = app.OpenDb();
        var row = await db.TwoFactorSecrets.SingleAsync(s => s.UserId == ivy.Id);
        Assert.NotNull(row.ProtectedSecret);
        Assert.DoesNotContain(secret, row.ProtectedSecret);
        Assert.Null(row.ProtectedPending);
        var hashes = await db.RecoveryCodes.Where(c => c.UserId == ivy.Id).Select(c => c.CodeHash).ToListAsync();
        Assert.Equal(10, hashes.Count);
        Assert.Empty(hashes.Intersect(codes.Concat(codes.Select(c => c.Replace("-", "")))));
        Assert.DoesNotContain(app.Logs, l => l.Contains(secret) || codes.Any(l.Contains));
    }

    [Fact]
    public async Task EnrolmentRefusesBadInputAndChangesNothing()
    {
        var (app, clock) = await StartAsync();
        await using var running = app;
        var jo = await app.SignUpAsync("jo");
        using var http = jo.Http();
        // Confirm before setup.
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/2fa/confirm", new { code = "123456" }), 409, "code");
        var secret = (await Expect.Json(await http.PostAsync("/api/me/2fa/setup", null))).GetProperty("secret").GetString()!;
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/2fa/confirm", new { code = "12345" }), 400, "code");
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/2fa/confirm", new { code = Code(secret, clock, -2 * Step) == Code(secret, clock) ? "000000" : Code(secret, clock, -2 * Step) }), 400, "code");
        // A second setup replaces the pending secret: a code of the first no longer confirms.
        var second = (await Expect.Json(await http.PostAsync("/api/me/2fa/setup", null))).GetProperty("secret").GetString()!;
        Assert.NotEqual(secret, second);
        if (Code(secret, clock) != Code(second, clock))
            await Expect.Problem(await http.PostAsJsonAsync("/api/me/2fa/confirm", new { code = Code(secret, clock) }), 400, "code");
        Assert.False((await Expect.Json(await http.GetAsync("/api/me/2fa"))).GetProperty("enabled").GetBoolean());
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/2fa/recovery-codes", new { password = jo.Password }), 409);
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/2fa/disable", new { password = jo.Password }), 409);
        Assert.Empty(await AuditAsync(app, jo.Id));
        // Still signs in with the password alone.
        using var anon = app.CreateHttpClient();
        Assert.True((await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login", new { userName = jo.UserName, password = jo.Password })))
            .TryGetProperty("accessToken", out _));
    }
}
