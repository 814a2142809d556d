using System.Net.Http.Json;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.AdministrationTests;

namespace Parley.Tests;

/// <summary>Run-time server settings: what anyone may read, what admins change, validation, and changes applied at once.</summary>
public sealed class ServerSettingsTests
{
    [Fact]
    public async Task AnyoneReadsTheServersNameModeAndLimitsWhichFollowAppsettingsUntilChanged()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:Server:Name"] = "Acme chat",
            ["Parley:Server:RegistrationMode"] = "invite",
            ["Parley:Messages:MaxLength"] = "500",
            ["Parley:Files:MaxFileBytes"] = "123456",
        });
        using var anon = app.CreateHttpClient();
        var server = await Expect.Json(await anon.GetAsync("/api/server"));
        Assert.Equal("Acme chat", server.GetProperty("name").GetString());
        Assert.Equal("invite", server.GetProperty("registrationMode").GetString());
        Assert.Equal(500, server.GetProperty("maxMessageLength").GetInt32());
        Assert.Equal(123456, server.GetProperty("maxUploadBytes").GetInt64());
        Assert.False(server.TryGetProperty("defaultNotificationLevel", out _));
    }

    [Fact]
    public async Task AdminsReadAndChangeTheSettingsWithoutARestart()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        using var http = admin.Http();
        var before = await Expect.Json(await http.GetAsync("/api/admin/settings"));
        Assert.Equal("Parley", before.GetProperty("name").GetString());
        Assert.Equal("mentions", before.GetProperty("defaultNotificationLevel").GetString());

        var after = await Expect.Json(await http.PatchAsJsonAsync("/api/admin/settings", new { name = "Team", defaultNotificationLevel = "all" }));
        Assert.Equal("Team", after.GetProperty("name").GetString());
        Assert.Equal("all", after.GetProperty("defaultNotificationLevel").GetString());
        Assert.Equal(4000, after.GetProperty("maxMessageLength").GetInt32());   // untouched: still the appsettings default
        using var anon = app.CreateHttpClient();
        Assert.Equal("Team", (await Expect.Json(await anon.GetAsync("/api/server"))).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("name", "a\nb")]
    [InlineData("registrationMode", "sometimes")]
    [InlineData("maxUploadBytes", 0L)]
    [InlineData("maxMessageLength", 0)]
    [InlineData("maxMessageLength", 100_001)]
    [InlineData("defaultNotificationLevel", "default")]
    public async Task ABadValueIsRefusedNamingItsField(string field, object value)
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        using var http = admin.Http();
        await Expect.Problem(await http.PatchAsJsonAsync("/api/admin/settings", new Dictionary<string, object> { [field] = value }), 400, field);
        var member = await app.SignUpAsync("member");
        using var asMember = member.Http();
        await NotAllowed(await asMember.PatchAsJsonAsync("/api/admin/settings", new Dictionary<string, object> { [field] = value }));
    }

    [Fact]
    public async Task ALowerMessageLengthRefusesALongerSendAtOnce()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        await alice.PostMessageAsync(room, new string('a', 300));
        await using var hub = await app.ConnectAsync(alice);
        await hub.InvokeAsync("SendMessage", room, TestUserApi.Send(new string('b', 300)));   // the limit is now in memory

        using var asAdmin = admin.Http();
        await Expect.Json(await asAdmin.PatchAsJsonAsync("/api/admin/settings", new { maxMessageLength = 100 }));
        using var http = alice.Http();
        var refused = await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", TestUserApi.Send(new string('c', 300))), 413);
        Assert.Contains("the limit is 100", refused.GetProperty("title").GetString());
        Assert.Contains("too_large", await hub.InvokeExpectingErrorAsync("SendMessage", room, TestUserApi.Send(new string('d', 101))));
        await hub.InvokeAsync("SendMessage", room, TestUserApi.Send(new string('e', 100)));
        using var anon = app.CreateHttpClient();
        Assert.Equal(100, (await Expect.Json(await anon.GetAsync("/api/server"))).GetProperty("maxMessageLength").GetInt32());
    }

    [Fact]
    public async Task ALowerUploadLimitRefusesABiggerFileAtOnce()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var alice = await app.SignUpAsync("alice");
        var bytes = new byte[8 * 1024];
        Random.Shared.NextBytes(bytes);
        await alice.UploadAsync(bytes, "first.bin");
        using var asAdmin = admin.Http();
        await Expect.Json(await asAdmin.PatchAsJsonAsync("/api/admin/settings", new { maxUploadBytes = 4096 }));
        using var http = alice.Http();
        await Expect.Problem(await http.PostAsync("/api/files", TestFiles.Form(bytes, "second.bin", "application/octet-stream")), 413);
        await alice.UploadAsync(bytes[..2048], "small.bin");
    }

    [Fact]
    public async Task AChangeOnOneNodeHoldsOnTheOtherAtOnce()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "Several nodes need PostgreSQL: runs in the PostgreSQL suite.");
        await using var nodes = await TwoNodes.StartAsync();
        var admin = await SignUpAsAsync(nodes.A, "owner", ServerRole.Owner);   // these nodes have no test owner: the first account owns them
        var kim = await nodes.A.SignUpAsync("kim");
        var (alice, _, room) = await nodes.A.AliceAndBobInARoomAsync();
        var aliceOnB = TwoNodes.On(nodes.B, alice);
        await aliceOnB.PostMessageAsync(room, new string('a', 300));   // B now holds the settings in memory
        await using var kimOnB = await nodes.B.ConnectRawAsync(TwoNodes.On(nodes.B, kim));

        using var asAdmin = admin.Http();
        await Expect.Json(await asAdmin.PatchAsJsonAsync("/api/admin/settings", new { maxMessageLength = 100, name = "Clustered" }));
        using (var http = aliceOnB.Http())
            await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", TestUserApi.Send(new string('b', 300))), 413);
        using (var anonB = nodes.B.CreateHttpClient())
            Assert.Equal("Clustered", (await Expect.Json(await anonB.GetAsync("/api/server"))).GetProperty("name").GetString());

        // A role given on A holds on B; a deactivation on A closes the connection on B.
        await Expect.Json(await asAdmin.PutAsJsonAsync($"/api/admin/users/{alice.Id}/role", new { role = "moderator" }));
        using (var http = aliceOnB.Http()) Assert.Equal("moderator", (await Expect.Json(await http.GetAsync("/api/me"))).GetProperty("role").GetString());
        await Expect.Status(await asAdmin.PostAsync($"/api/admin/users/{kim.Id}/deactivate", null), 204);
        await kimOnB.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(kimOnB.Events("SessionEnded"));
    }

    [Fact]
    public async Task TheDefaultNotificationLevelDecidesWhatDefaultNotifiesInRooms()
    {
        await using var push = await TestPushService.StartAsync();
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:Push:AllowPrivateEndpoints"] = "true",
            ["Parley:Push:RetryDelayMs"] = "50",
        });
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var phone = push.NewDevice("bob-phone");
        using var b = bob.Http();
        await Expect.Status(await b.PostAsJsonAsync("/api/push/subscriptions", phone.Subscription), 201);
        var key = (await Expect.Json(await b.GetAsync("/api/push/key"))).GetProperty("publicKey").GetString()!;
        async Task<string> NextBodyAsync() => phone.Open(await push.NextAsync(phone.Name), key).GetProperty("body").GetString()!;
        using var asAdmin = admin.Http();
        async Task SetAsync(string level) => await Expect.Json(await asAdmin.PatchAsJsonAsync("/api/admin/settings", new { defaultNotificationLevel = level }));
        // Carol hears every message: once her push for a message came, Bob's was decided in the same fan-out.
        var carol = await app.SignUpAsync("carol");
        await carol.JoinAsync(room);
        var witness = push.NewDevice("carol-laptop");
        using var c = carol.Http();
        await Expect.Status(await c.PostAsJsonAsync("/api/push/subscriptions", witness.Subscription), 201);
        await Expect.Json(await c.PutAsJsonAsync($"/api/rooms/{room}/notifications", new { level = "all" }));
        async Task DecidedAsync(string text)
        {
            while (witness.Open(await push.NextAsync(witness.Name), key).GetProperty("body").GetString() != text) { }
        }

        // Out of the box "default" in a room is mentions: the plain line never came, the mention after it did.
        await alice.PostMessageAsync(room, "plain one");
        await alice.PostMessageAsync(room, $"@{bob.UserName} first mention");
        Assert.Equal($"@{bob.UserName} first mention", await NextBodyAsync());

        await SetAsync("all");
        await alice.PostMessageAsync(room, "plain two");
        Assert.Equal("plain two", await NextBodyAsync());

        await SetAsync("none");
        await alice.PostMessageAsync(room, $"@{bob.UserName} muted mention");
        await DecidedAsync($"@{bob.UserName} muted mention");
        await SetAsync("mentions");
        await alice.PostMessageAsync(room, $"@{bob.UserName} last mention");
        Assert.Equal($"@{bob.UserName} last mention", await NextBodyAsync());
    }
}
