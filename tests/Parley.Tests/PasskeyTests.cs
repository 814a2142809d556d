using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Passkeys (WebAuthn) with a software authenticator: real attestation and assertion answers, checked by Fido2 in the app.</summary>
public sealed class PasskeyTests
{
    [Fact]
    public async Task RegisterListRenameAndSignInWithCookieAndBearer()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var device = new SoftwareAuthenticator(Origin(app));
        using var http = alice.Http();

        var added = await AddPasskeyAsync(http, device, "Laptop");
        Assert.Equal("Laptop", added.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, added.GetProperty("lastUsedAt").ValueKind);
        var id = added.GetProperty("id").GetGuid();

        var list = await Expect.Json(await http.GetAsync("/api/me/passkeys", Ct));
        Assert.Equal([id], list.EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        var renamed = await Expect.Json(await http.PatchAsJsonAsync($"/api/me/passkeys/{id}", new { name = "Work laptop" }, Ct));
        Assert.Equal("Work laptop", renamed.GetProperty("name").GetString());

        // Bearer: the same tokens as a password sign-in, and they work.
        using var anonymous = app.CreateHttpClient();
        var tokens = await Expect.Json(await SignInAsync(anonymous, device, useCookies: false));
        using (var signedIn = app.CreateHttpClient(tokens.GetProperty("accessToken").GetString()))
            Assert.Equal(alice.Id, (await Expect.Json(await signedIn.GetAsync("/api/me", Ct))).Id());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refreshToken").GetString()));

        // Cookie: the profile, and the session cookie.
        var cookie = await SignInAsync(anonymous, device, useCookies: true);
        Assert.Equal(alice.Id, (await Expect.Json(cookie)).Id());
        Assert.Contains(cookie.Headers.GetValues("Set-Cookie"), c => c.StartsWith("parley_session=", StringComparison.Ordinal));

        await using var db = app.OpenDb();
        var stored = await db.Passkeys.SingleAsync(p => p.Id == id, Ct);
        Assert.Equal(device.Counter, (uint)stored.SignCount);
        Assert.Equal(2u, device.Counter);
        Assert.NotNull(stored.LastUsedAt);
        Assert.Equal("internal", stored.Transports);
        Assert.True(await db.AuditLog.AnyAsync(e => e.Action == "auth.passkey_added" && e.TargetUserId == alice.Id, Ct));
        var listed = await Expect.Json(await http.GetAsync("/api/me/passkeys", Ct));
        Assert.NotEqual(JsonValueKind.Null, listed[0].GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task SeveralPasskeysPerAccountAndTheRegisteredOnesAreExcluded()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        using var phone = new SoftwareAuthenticator(Origin(app));
        using var laptop = new SoftwareAuthenticator(Origin(app));
        await AddPasskeyAsync(http, phone, "Phone");
        var options = await Expect.Json(await http.PostAsync("/api/me/passkeys/options", null, Ct));
        var excluded = options.GetProperty("options").GetProperty("excludeCredentials").EnumerateArray().Select(c => c.GetProperty("id").GetString());
        Assert.Equal([Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(phone.CredentialId)], excluded);
        await AddPasskeyAsync(http, laptop, "Laptop");

        Assert.Equal(["Phone", "Laptop"], (await Expect.Json(await http.GetAsync("/api/me/passkeys", Ct))).EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        // The same authenticator again: refused, not a second row.
        var again = await Expect.Json(await http.PostAsync("/api/me/passkeys/options", null, Ct));
        await Expect.Problem(await http.PostAsJsonAsync("/api/me/passkeys",
            new { token = again.GetProperty("token").GetString(), name = "Twice", credential = phone.Create(again.GetProperty("options")) }, Ct), 409, "credential");
        await using var db = app.OpenDb();
        Assert.Equal(2, await db.Passkeys.CountAsync(Ct));
    }

    [Fact]
    public async Task AWrongOriginIsRefusedOnRegistrationAndSignIn()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        using var device = new SoftwareAuthenticator("https://parley.example.evil");
        var options = await Expect.Json(await http.PostAsync("/api/me/passkeys/options", null, Ct));
        var problem = await Expect.Problem(await http.PostAsJsonAsync("/api/me/passkeys",
            new { token = options.GetProperty("token").GetString(), name = "Phished", credential = device.Create(options.GetProperty("options")) }, Ct), 400, "credential");
        Assert.Contains("another site", problem.GetProperty("title").GetString());

        device.Origin = Origin(app);
        await AddPasskeyAsync(http, device, "Laptop");
        device.Origin = "https://parley.example.evil";
        using var anonymous = app.CreateHttpClient();
        await Expect.Problem(await SignInAsync(anonymous, device, useCookies: false), 401, "credential");
        await AssertUnusedAsync(app);
    }

    [Fact]
    public async Task ATamperedSignatureAnUnknownPasskeyAndAMalformedAnswerAreRefused()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        using var device = new SoftwareAuthenticator(Origin(app));
        await AddPasskeyAsync(http, device, "Laptop");
        using var anonymous = app.CreateHttpClient();

        var problem = await Expect.Problem(await SignInAsync(anonymous, device, useCookies: false, spoilSignature: true), 401, "credential");
        Assert.Contains("signature", problem.GetProperty("title").GetString());

        using var stranger = new SoftwareAuthenticator(Origin(app));
        await Expect.Problem(await SignInAsync(anonymous, stranger, useCookies: false), 401, "credential");

        var options = await Expect.Json(await anonymous.PostAsync("/api/auth/passkey/options", null, Ct));
        var token = options.GetProperty("token").GetString();
        await Expect.Problem(await anonymous.PostAsJsonAsync("/api/auth/passkey", new { token, credential = new { id = "x" } }, Ct), 401, "credential");
        await Expect.Problem(await anonymous.PostAsJsonAsync("/api/auth/passkey", new { token, credential = "not an object" }, Ct), 401, "credential");
        var garbled = device.Get(options.GetProperty("options"));
        garbled["response"]!["authenticatorData"] = "AAAA";
        await Expect.Problem(await anonymous.PostAsJsonAsync("/api/auth/passkey", new { token, credential = garbled }, Ct), 401, "credential");
        await AssertUnusedAsync(app);
    }

    [Fact]
    public async Task AnExpiredForgedOrOtherCeremonysTokenIsRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(clock: clock);
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        using var http = alice.Http();
        using var device = new SoftwareAuthenticator(Origin(app));
        await AddPasskeyAsync(http, device, "Laptop");
        using var anonymous = app.CreateHttpClient();

        var options = await Expect.Json(await anonymous.PostAsync("/api/auth/passkey/options", null, Ct));
        var credential = device.Get(options.GetProperty("options"));
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var expired = await Expect.Problem(await anonymous.PostAsJsonAsync("/api/auth/passkey",
            new { token = options.GetProperty("token").GetString(), credential }, Ct), 401, "token");
        Assert.Equal("passkey_token_expired", expired.GetProperty("code").GetString());

        var fresh = await Expect.Json(await anonymous.PostAsync("/api/auth/passkey/options", null, Ct));
        var token = fresh.GetProperty("token").GetString()!;
        var forged = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];
        await Expect.Problem(await anonymous.PostAsJsonAsync("/api/auth/passkey", new { token = forged, credential = device.Get(fresh.GetProperty("options")) }, Ct), 401, "token");
        await Expect.Problem(await anonymous.PostAsJsonAsync("/api/auth/passkey", new { credential = device.Get(fresh.GetProperty("options")) }, Ct), 401, "token");

        // A registration token is not a sign-in token, and Alice's is not Bob's.
        var registration = await Expect.Json(await http.PostAsync("/api/me/passkeys/options", null, Ct));
        await Expect.Problem(await anonymous.PostAsJsonAsync("/api/auth/passkey",
            new { token = registration.GetProperty("token").GetString(), credential = device.Get(fresh.GetProperty("options")) }, Ct), 401, "token");
        using var bobs = bob.Http();
        using var bobsDevice = new SoftwareAuthenticator(Origin(app));
        await Expect.Problem(await bobs.PostAsJsonAsync("/api/me/passkeys",
            new { token = registration.GetProperty("token").GetString(), name = "Stolen", credential = bobsDevice.Create(registration.GetProperty("options")) }, Ct), 400, "token");
        await AssertUnusedAsync(app);
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.Passkeys.CountAsync(Ct));
    }

    [Fact]
    public async Task ACounterGoingBackwardsIsRefused()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        using var device = new SoftwareAuthenticator(Origin(app));
        await AddPasskeyAsync(http, device, "Laptop");
        using var anonymous = app.CreateHttpClient();
        await Expect.Status(await SignInAsync(anonymous, device, useCookies: false), 200);
        await Expect.Status(await SignInAsync(anonymous, device, useCookies: false), 200);

        device.Counter = 0;   // a clone that signs with the counter it was copied at
        var problem = await Expect.Problem(await SignInAsync(anonymous, device, useCookies: false), 401, "credential");
        Assert.Equal("passkey_counter", problem.GetProperty("code").GetString());
        await using var db = app.OpenDb();
        Assert.Equal(2, (await db.Passkeys.SingleAsync(Ct)).SignCount);
    }

    [Fact]
    public async Task SomeoneElsesPasskeyCannotBeRenamedOrRemovedAndARemovedOneNoLongerSignsIn()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        using var http = alice.Http();
        using var device = new SoftwareAuthenticator(Origin(app));
        var id = (await AddPasskeyAsync(http, device, "Laptop")).GetProperty("id").GetGuid();

        using var bobs = bob.Http();
        await Expect.Status(await bobs.DeleteAsync($"/api/me/passkeys/{id}", Ct), 404);
        await Expect.Status(await bobs.PatchAsJsonAsync($"/api/me/passkeys/{id}", new { name = "Mine now" }, Ct), 404);
        Assert.Empty((await Expect.Json(await bobs.GetAsync("/api/me/passkeys", Ct))).EnumerateArray());
        await Expect.Problem(await http.PatchAsJsonAsync($"/api/me/passkeys/{id}", new { name = "" }, Ct), 400, "name");
        await Expect.Problem(await http.PatchAsJsonAsync($"/api/me/passkeys/{id}", new { name = new string('x', 65) }, Ct), 400, "name");
        await Expect.Problem(await http.PatchAsJsonAsync($"/api/me/passkeys/{id}", new { name = "two\nlines" }, Ct), 400, "name");
        await using (var db = app.OpenDb())
            Assert.Equal("Laptop", (await db.Passkeys.SingleAsync(Ct)).Name);

        await Expect.Status(await http.DeleteAsync($"/api/me/passkeys/{id}", Ct), 204);
        await Expect.Status(await http.DeleteAsync($"/api/me/passkeys/{id}", Ct), 404);
        using var anonymous = app.CreateHttpClient();
        var problem = await Expect.Problem(await SignInAsync(anonymous, device, useCookies: false), 401, "credential");
        Assert.Equal("passkey_unknown", problem.GetProperty("code").GetString());
        await using (var db = app.OpenDb())
            Assert.True(await db.AuditLog.AnyAsync(e => e.Action == "auth.passkey_removed" && e.ActorId == alice.Id && e.Reason == "Laptop", Ct));
    }

    [Fact]
    public async Task AClosedAccountsPasskeyIsRefused()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var device = new SoftwareAuthenticator(Origin(app));
        using (var http = alice.Http())
        {
            await AddPasskeyAsync(http, device, "Laptop");
            await Expect.Status(await http.PostAsJsonAsync("/api/me/deactivate", new { password = alice.Password }, Ct), 204);
        }
        using var anonymous = app.CreateHttpClient();
        var problem = await Expect.Problem(await SignInAsync(anonymous, device, useCookies: true), 401, "credential");
        Assert.Equal("account_closed", problem.GetProperty("code").GetString());
        Assert.False(problem.GetProperty("title").GetString()!.Length == 0);
        await AssertUnusedAsync(app);
    }

    [Fact]
    public async Task PasskeyEndpointsNeedTheRightSession()
    {
        await using var app = await ParleyApp.StartAsync();
        using var anonymous = app.CreateHttpClient();
        await Expect.Status(await anonymous.GetAsync("/api/me/passkeys", Ct), 401);
        await Expect.Status(await anonymous.PostAsync("/api/me/passkeys/options", null, Ct), 401);
        var server = await Expect.Json(await anonymous.GetAsync("/api/server", Ct));
        Assert.True(server.GetProperty("passkeys").GetBoolean());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Origin(ParleyApp app) => app.BaseAddress.GetLeftPart(UriPartial.Authority);

    private static async Task<JsonElement> AddPasskeyAsync(HttpClient http, SoftwareAuthenticator device, string name)
    {
        var options = await Expect.Json(await http.PostAsync("/api/me/passkeys/options", null, Ct));
        var credential = device.Create(options.GetProperty("options"));
        return await Expect.Json(await http.PostAsJsonAsync("/api/me/passkeys",
            new { token = options.GetProperty("token").GetString(), name, credential }, Ct), 201);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient http, SoftwareAuthenticator device, bool useCookies, bool spoilSignature = false)
    {
        var options = await Expect.Json(await http.PostAsync("/api/auth/passkey/options", null, Ct));
        Assert.Empty(options.GetProperty("options").GetProperty("allowCredentials").EnumerateArray());
        JsonObject credential = device.Get(options.GetProperty("options"), spoilSignature);
        return await http.PostAsJsonAsync($"/api/auth/passkey?useCookies={(useCookies ? "true" : "false")}",
            new { token = options.GetProperty("token").GetString(), credential }, Ct);
    }

    /// <summary>No refused answer moved the counter or marked a use.</summary>
    private static async Task AssertUnusedAsync(ParleyApp app)
    {
        await using var db = app.OpenDb();
        Assert.All(await db.Passkeys.ToListAsync(TestContext.Current.CancellationToken), p => Assert.Null(p.LastUsedAt));
    }
}
