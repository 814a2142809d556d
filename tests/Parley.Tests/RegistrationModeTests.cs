using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.AdministrationTests;

namespace Parley.Tests;

/// <summary>Who may sign up: open, by invite link (expiry, uses, revocation) or closed; the first account always may.</summary>
public sealed class RegistrationModeTests
{
    private const string Password = "a long enough password";

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient anon, string? inviteToken = null) =>
        anon.PostAsJsonAsync("/api/auth/register", new { userName = "new_" + Guid.NewGuid().ToString("N")[..8], password = Password, inviteToken });

    private static async Task Refused(HttpResponseMessage response) =>
        Assert.Equal("registration_closed", (await Expect.Problem(response, 403)).GetProperty("code").GetString());

    private static async Task<HttpClient> AdminAsync(ParleyApp app, string mode)
    {
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var http = admin.Http();
        await Expect.Json(await http.PatchAsJsonAsync("/api/admin/settings", new { registrationMode = mode }));
        return http;
    }

    [Fact]
    public async Task AFreshServerIsOpen()
    {
        await using var app = await ParleyApp.StartAsync();
        using var anon = app.CreateHttpClient();
        Assert.Equal("open", (await Expect.Json(await anon.GetAsync("/api/server"))).GetProperty("registrationMode").GetString());
        await Expect.Status(await RegisterAsync(anon), 201);
    }

    [Fact]
    public async Task ClosedRefusesSignUp()
    {
        await using var app = await ParleyApp.StartAsync();
        using var admin = await AdminAsync(app, "closed");
        using var anon = app.CreateHttpClient();
        Assert.Equal("closed", (await Expect.Json(await anon.GetAsync("/api/server"))).GetProperty("registrationMode").GetString());
        await Refused(await RegisterAsync(anon));
        var invite = await Expect.Json(await admin.PostAsJsonAsync("/api/admin/invites", new { }), 201);
        await Refused(await RegisterAsync(anon, invite.GetProperty("token").GetString()));   // closed means closed, invite or not
        await using var db = app.OpenDb();
        Assert.False(await db.Users.AnyAsync(u => u.UserName!.StartsWith("new_")));
    }

    [Fact]
    public async Task ByInviteSignUpNeedsAValidLink()
    {
        await using var app = await ParleyApp.StartAsync();
        using var admin = await AdminAsync(app, "invite");
        using var anon = app.CreateHttpClient();
        await Refused(await RegisterAsync(anon));
        await Refused(await RegisterAsync(anon, "not-a-token"));

        var invite = await Expect.Json(await admin.PostAsJsonAsync("/api/admin/invites", new { maxUses = 5 }), 201);
        var token = invite.GetProperty("token").GetString()!;
        Assert.EndsWith("?invite=" + token, invite.GetProperty("url").GetString());
        await Expect.Status(await RegisterAsync(anon, token), 201);
        await Expect.Status(await RegisterAsync(anon, token), 201);

        var listed = Assert.Single((await Expect.Json(await admin.GetAsync("/api/admin/invites"))).EnumerateArray());
        Assert.Equal(2, listed.GetProperty("uses").GetInt32());
        Assert.Equal(5, listed.GetProperty("maxUses").GetInt32());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("token").ValueKind);   // shown once, when made
    }

    [Fact]
    public async Task AnInviteLinkExpires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(clock: clock);
        using var admin = await AdminAsync(app, "invite");
        using var anon = app.CreateHttpClient();
        var invite = await Expect.Json(await admin.PostAsJsonAsync("/api/admin/invites", new { expiresAt = clock.GetUtcNow().AddHours(1) }), 201);
        var token = invite.GetProperty("token").GetString()!;
        await Expect.Status(await RegisterAsync(anon, token), 201);
        clock.Advance(TimeSpan.FromMinutes(61));
        await Refused(await RegisterAsync(anon, token));
    }

    [Fact]
    public async Task TwoSignUpsRacingForTheLastUseOneWins()
    {
        await using var app = await ParleyApp.StartAsync();
        using var admin = await AdminAsync(app, "invite");
        var invite = await Expect.Json(await admin.PostAsJsonAsync("/api/admin/invites", new { maxUses = 1 }), 201);
        var token = invite.GetProperty("token").GetString()!;
        using var one = app.CreateHttpClient();
        using var two = app.CreateHttpClient();
        var answers = await Task.WhenAll(RegisterAsync(one, token), RegisterAsync(two, token));
        Assert.Equal([201, 403], answers.Select(a => (int)a.StatusCode).Order());
        await Refused(answers.Single(a => (int)a.StatusCode == 403));
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.Users.CountAsync(u => u.UserName!.StartsWith("new_")));
        Assert.Equal(1, (await db.InviteLinks.SingleAsync()).Uses);
    }

    [Fact]
    public async Task ARevokedLinkIsRefused()
    {
        await using var app = await ParleyApp.StartAsync();
        using var admin = await AdminAsync(app, "invite");
        using var anon = app.CreateHttpClient();
        var invite = await Expect.Json(await admin.PostAsJsonAsync("/api/admin/invites", new { }), 201);
        await Expect.Status(await admin.DeleteAsync($"/api/admin/invites/{invite.Id()}"), 204);
        await Refused(await RegisterAsync(anon, invite.GetProperty("token").GetString()));
        Assert.NotEqual(JsonValueKind.Null, Assert.Single((await Expect.Json(await admin.GetAsync("/api/admin/invites"))).EnumerateArray())
            .GetProperty("revokedAt").ValueKind);
        await Expect.Status(await admin.DeleteAsync($"/api/admin/invites/{Guid.NewGuid()}"), 404);
    }

    [Fact]
    public async Task ABadInviteRequestNamesTheField()
    {
        await using var app = await ParleyApp.StartAsync();
        using var admin = await AdminAsync(app, "invite");
        await Expect.Problem(await admin.PostAsJsonAsync("/api/admin/invites", new { maxUses = 0 }), 400, "maxUses");
        await Expect.Problem(await admin.PostAsJsonAsync("/api/admin/invites", new { expiresAt = DateTime.UtcNow.AddHours(-1) }), 400, "expiresAt");
    }

    [Fact]
    public async Task TheFirstAccountSignsUpWhateverTheMode()
    {
        await using var app = await ParleyApp.StartOnAsync(await ParleyApp.CreateDatabaseAsync(),   // no test owner first
            new Dictionary<string, string?> { ["Parley:Server:RegistrationMode"] = "closed" });
        using var anon = app.CreateHttpClient();
        var first = await Expect.Json(await RegisterAsync(anon), 201);
        Assert.Equal("owner", first.GetProperty("role").GetString());
        await Refused(await RegisterAsync(anon));
    }
}
