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
}
