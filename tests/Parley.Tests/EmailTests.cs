using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Address verification, password reset and the new sign-in notice, with the mail read from a local SMTP sink.</summary>
public sealed class EmailTests
{
    private const string Password = "a long enough password";

    private static string Address(string who) => $"{who}-{Guid.NewGuid():N}"[..20] + "@mail.example";

    /// <summary>Gives the user an address (PUT /api/me/email) and opens the link of the mail that comes; returns the address.</summary>
    private static async Task<string> VerifiedAddressAsync(TestUser user, ThrowawaySmtp smtp, string? address = null)
    {
        address ??= Address(user.UserName);
        using var http = user.Http();
        await Expect.Json(await http.PutAsJsonAsync("/api/me/email", new { email = address, password = user.Password }));
        var token = ThrowawaySmtp.TokenIn(await smtp.MailToAsync(address, "Verify"));
        using var anon = user.Server.CreateHttpClient();
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/verify-email", new { token }), 204);
        return address;
    }

    private static async Task<HttpResponseMessage> LoginAsync(ITestServer server, string userName, string password)
    {
        using var http = server.CreateHttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("TestBrowser/1.0");
        return await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
    }

    /// <summary>A mail the test knows will come, sent after the ones that must not: once it arrived, those would have too.</summary>
    private static async Task MarkerMailAsync(ParleyApp app, ThrowawaySmtp smtp, TestUser someone, string address)
    {
        using var anon = app.CreateHttpClient();
        var before = smtp.CountTo(address, "Reset");
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/forgot-password", new { login = someone.UserName }), 202);
        await smtp.WaitForAsync(_ => smtp.CountTo(address, "Reset") > before);
        await Task.Delay(300); // the queue sends a few at once: let one sent just before the marker land
    }

    [Fact]
    public async Task AVerificationLinkVerifiesTheAddressOnce()
    {
        await using var smtp = new ThrowawaySmtp();
        await using var app = await ParleyApp.StartAsync(smtp.Settings());
        var alice = await app.SignUpAsync("alice", "<b>Alice & co</b>");
        var address = Address("alice");
        using var http = alice.Http();
        var me = await Expect.Json(await http.PutAsJsonAsync("/api/me/email", new { email = address, password = alice.Password }));
        Assert.Equal(address, me.GetProperty("email").GetString());
        Assert.False(me.GetProperty("emailVerified").GetBoolean());

        var mail = await smtp.MailToAsync(address, "Verify");
        // The display name is the person's choice: encoded in the HTML, as typed in the text.
        Assert.Contains("&lt;b&gt;Alice &amp; co&lt;/b&gt;", mail.HtmlBody);
        Assert.DoesNotContain("<b>Alice", mail.HtmlBody);
        Assert.Contains("<b>Alice & co</b>", mail.TextBody);
        var token = ThrowawaySmtp.TokenIn(mail);
        Assert.Contains($"{app.BaseAddress.ToString().TrimEnd('/')}/verify-email?token=", mail.TextBody);

        using var anon = app.CreateHttpClient();
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/verify-email", new { token }), 204);
        Assert.True((await Expect.Json(await http.GetAsync("/api/me"))).GetProperty("emailVerified").GetBoolean());
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/verify-email", new { token }), 400, "token");
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/verify-email", new { token = "not-a-token" }), 400, "token");
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/verify-email", new { token = (string?)null }), 400, "token");
        Assert.DoesNotContain(app.Logs, l => l.Contains(token));
    }

    [Fact]
    public async Task AnExpiredVerificationLinkIsRefusedAndChangesNothing()
    {
        await using var smtp = new ThrowawaySmtp();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(smtp.Settings(), clock);
        var alice = await app.SignUpAsync("alice");
        var address = Address("alice");
        using (var http = alice.Http())
            await Expect.Json(await http.PutAsJsonAsync("/api/me/email", new { email = address, password = alice.Password }));
        var token = ThrowawaySmtp.TokenIn(await smtp.MailToAsync(address, "Verify"));

        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        using var anon = app.CreateHttpClient();
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/verify-email", new { token }), 400, "token");
        await using var db = app.OpenDb();
        Assert.False((await db.Users.SingleAsync(u => u.Id == alice.Id)).EmailConfirmed);
    }

    [Fact]
    public async Task ForgotPasswordAnswersTheSameForEveryoneAndMailsOnlyAVerifiedAddress()
    {
        await using var smtp = new ThrowawaySmtp();
        await using var app = await ParleyApp.StartAsync(smtp.Settings());
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var aliceAddress = await VerifiedAddressAsync(alice, smtp);
        var bobAddress = Address("bob");
        using (var http = bob.Http())
            await Expect.Json(await http.PutAsJsonAsync("/api/me/email", new { email = bobAddress, password = bob.Password })); // never verified

        using var anon = app.CreateHttpClient();
        foreach (var login in new[] { "nobody_" + Guid.NewGuid().ToString("N")[..8], "nobody@mail.example", bob.UserName, bobAddress })
            await Expect.Status(await anon.PostAsJsonAsync("/api/auth/forgot-password", new { login }), 202);
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/forgot-password", new { login = aliceAddress.ToUpperInvariant() }), 202);
        var mail = await smtp.MailToAsync(aliceAddress, "Reset");
        Assert.Contains("/reset-password?token=", mail.TextBody);
        Assert.Contains("signs you out everywhere", mail.TextBody);
        await Task.Delay(300);
        Assert.Equal(0, smtp.CountTo(bobAddress, "Reset"));
        Assert.Single(smtp.Messages, m => (m.Subject ?? "").Contains("Reset", StringComparison.OrdinalIgnoreCase));
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/forgot-password", new { login = "" }), 400, "login");
    }

    [Fact]
    public async Task AResetLinkWorksOnceAndEndsEverySession()
    {
        await using var smtp = new ThrowawaySmtp();
        await using var app = await ParleyApp.StartAsync(smtp.Settings());
        var alice = await app.SignUpAsync("alice");
        var address = await VerifiedAddressAsync(alice, smtp);
        using var anon = app.CreateHttpClient();
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/forgot-password", new { login = alice.UserName }), 202);
        var token = ThrowawaySmtp.TokenIn(await smtp.MailToAsync(address, "Reset"));

        // A weak password is refused and the link still works.
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword = "short" }), 400, "newPassword");
        using (var http = alice.Http()) await Expect.Status(await http.GetAsync("/api/me"), 200);
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/reset-password", new { token = token + "x", newPassword = "a brand new password" }), 400, "token");

        const string newPassword = "a brand new password";
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword }), 204);
        // The old session ended: its access token is refused (403, as after sign-out everywhere) and its refresh token is void (401).
        using (var http = alice.Http()) await Expect.Status(await http.GetAsync("/api/me"), 403);
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = alice.RefreshToken }), 401);
        await Expect.Status(await LoginAsync(app, alice.UserName, alice.Password), 401);
        await Expect.Status(await LoginAsync(app, alice.UserName, newPassword), 200);
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword = "yet another password" }), 400, "token");
        await Expect.Status(await LoginAsync(app, alice.UserName, newPassword), 200);

        await using var db = app.OpenDb();
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "auth.password_reset" && a.TargetUserId == alice.Id));
        Assert.DoesNotContain(app.Logs, l => l.Contains(token));
    }

    [Fact]
    public async Task AnExpiredResetLinkIsRefusedAndThePasswordStays()
    {
        await using var smtp = new ThrowawaySmtp();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(smtp.Settings(), clock);
        var alice = await app.SignUpAsync("alice");
        var address = await VerifiedAddressAsync(alice, smtp);
        using var anon = app.CreateHttpClient();
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/forgot-password", new { login = address }), 202);
        var token = ThrowawaySmtp.TokenIn(await smtp.MailToAsync(address, "Reset"));
        clock.Advance(TimeSpan.FromMinutes(61));
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword = "a brand new password" }), 400, "token");
        await Expect.Status(await LoginAsync(app, alice.UserName, alice.Password), 200);
    }

    [Fact]
    public async Task WhenTheServerRequiresAVerifiedAddressSignInWaitsForIt()
    {
        await using var smtp = new ThrowawaySmtp();
        await using var app = await ParleyApp.StartAsync(smtp.Settings());
        var admin = await app.SignUpAsync("admin");
        await app.SetRoleAsync(admin.Id, ServerRole.Admin);
        using (var http = admin.Http())
            Assert.True((await Expect.Json(await http.PatchAsJsonAsync("/api/admin/settings", new { requireEmailVerification = true })))
                .GetProperty("requireEmailVerification").GetBoolean());
        using var anon = app.CreateHttpClient();
        var server = await Expect.Json(await anon.GetAsync("/api/server"));
        Assert.True(server.GetProperty("email").GetBoolean());
        Assert.True(server.GetProperty("requireEmailVerification").GetBoolean());

        var userName = "carol_" + Guid.NewGuid().ToString("N")[..8];
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/register", new { userName, password = Password }), 400, "email");
        var address = Address("carol");
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/register", new { userName, password = Password, email = address }), 201);
        var refused = await Expect.Problem(await LoginAsync(app, userName, Password), 403);
        Assert.Equal("email_unverified", refused.GetProperty("code").GetString());

        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/resend-verification", new { userName, password = "wrong password!" }), 401);
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/resend-verification", new { userName, password = Password }), 202);
        await smtp.WaitForAsync(_ => smtp.CountTo(address, "Verify") == 2);
        var token = ThrowawaySmtp.TokenIn(smtp.Messages.Last(m => (m.Subject ?? "").Contains("Verify")));
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/verify-email", new { token }), 204);
        await Expect.Status(await LoginAsync(app, userName, Password), 200);

        // Accounts without any address (made before the setting) may still sign in.
        await Expect.Status(await LoginAsync(app, admin.UserName, admin.Password), 200);
        await using var db = app.OpenDb();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "server.settings" && a.ActorId == admin.Id));
    }

    [Fact]
    public async Task ANewSignInIsMailedFromTheSecondOnUnlessTurnedOff()
    {
        await using var smtp = new ThrowawaySmtp();
        await using var app = await ParleyApp.StartAsync(smtp.Settings());
        var marker = await app.SignUpAsync("marker");
        var markerAddress = await VerifiedAddressAsync(marker, smtp);

        using var anon = app.CreateHttpClient();
        var userName = "dave_" + Guid.NewGuid().ToString("N")[..8];
        var address = Address("dave");
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/register", new { userName, password = Password, displayName = "Dave <script>", email = address }), 201);
        var token = ThrowawaySmtp.TokenIn(await smtp.MailToAsync(address, "Verify"));
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/verify-email", new { token }), 204);

        await Expect.Status(await LoginAsync(app, userName, Password), 200);   // the first: no notice
        await MarkerMailAsync(app, smtp, marker, markerAddress);
        Assert.Equal(0, smtp.CountTo(address, "New sign-in"));

        var second = await Expect.Json(await LoginAsync(app, userName, Password));
        var notice = await smtp.MailToAsync(address, "New sign-in to your Parley account");
        Assert.Contains("TestBrowser/1.0", notice.TextBody);
        Assert.Contains("127.0.0.1", notice.TextBody);
        Assert.Contains("Dave &lt;script&gt;", notice.HtmlBody);
        Assert.DoesNotContain("<script>", notice.HtmlBody);

        using var http = app.CreateHttpClient(second.GetProperty("accessToken").GetString());
        Assert.False((await Expect.Json(await http.PatchAsJsonAsync("/api/me/settings", new { signInNotice = false }))).GetProperty("signInNotice").GetBoolean());
        await Expect.Problem(await http.PatchAsJsonAsync("/api/me/settings", new { signInNotice = "no" }), 400, "signInNotice");
        await Expect.Status(await LoginAsync(app, userName, Password), 200);
        await MarkerMailAsync(app, smtp, marker, markerAddress);
        Assert.Equal(1, smtp.CountTo(address, "New sign-in"));
    }

    [Fact]
    public async Task AnAddressBelongsToOneVerifiedAccount()
    {
        await using var smtp = new ThrowawaySmtp();
        await using var app = await ParleyApp.StartAsync(smtp.Settings());
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var address = await VerifiedAddressAsync(alice, smtp);

        using var http = bob.Http();
        await Expect.Problem(await http.PutAsJsonAsync("/api/me/email", new { email = address.ToUpperInvariant(), password = bob.Password }), 409, "email");
        await Expect.Problem(await http.PutAsJsonAsync("/api/me/email", new { email = "not an address", password = bob.Password }), 400, "email");
        await Expect.Problem(await http.PutAsJsonAsync("/api/me/email", new { email = Address("bob"), password = "wrong password!" }), 403);
        await Expect.Problem(await http.PostAsync("/api/me/email/resend", null), 409, "email");

        // An unverified claim on the address (made at sign-up, where nobody is told it is taken) can't be verified.
        using var anon = app.CreateHttpClient();
        var userName = "eve_" + Guid.NewGuid().ToString("N")[..8];
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/register", new { userName, password = Password, email = address }), 201);
        await smtp.WaitForAsync(_ => smtp.CountTo(address, "Verify") == 2);
        var token = ThrowawaySmtp.TokenIn(smtp.Messages.Last(m => (m.Subject ?? "").Contains("Verify")));
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/verify-email", new { token }), 409, "email");

        await using var db = app.OpenDb();
        Assert.Null((await db.Users.SingleAsync(u => u.Id == bob.Id)).Email);
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == address.ToUpperInvariant() && u.EmailConfirmed));
    }

    [Fact]
    public async Task WithEmailOffTheFeaturesAreHidden()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var anon = app.CreateHttpClient();
        var server = await Expect.Json(await anon.GetAsync("/api/server"));
        Assert.False(server.GetProperty("email").GetBoolean());
        Assert.False(server.GetProperty("requireEmailVerification").GetBoolean());

        foreach (var (path, body) in new (string, object)[]
                 {
                     ("/api/auth/forgot-password", new { login = alice.UserName }),
                     ("/api/auth/reset-password", new { token = "x", newPassword = "a brand new password" }),
                     ("/api/auth/verify-email", new { token = "x" }),
                     ("/api/auth/resend-verification", new { userName = alice.UserName, password = alice.Password }),
                 })
            Assert.Equal("email_disabled", (await Expect.Problem(await anon.PostAsJsonAsync(path, body), 404)).GetProperty("code").GetString());
        using var http = alice.Http();
        await Expect.Problem(await http.PutAsJsonAsync("/api/me/email", new { email = Address("alice"), password = alice.Password }), 404);
        await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/register",
            new { userName = "frank_" + Guid.NewGuid().ToString("N")[..8], password = Password, email = Address("frank") }), 400, "email");
        var me = await Expect.Json(await http.GetAsync("/api/me"));
        Assert.Equal(JsonValueKind.Null, me.GetProperty("email").ValueKind);
    }
}
