using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

public sealed class ProfileTests
{
    [Fact]
    public async Task AnAvatarReachesRoomMatesLiveAndAnyoneSignedInCanSeeIt()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, _) = await app.AliceAndBobInARoomAsync();
        var stranger = await app.SignUpAsync("stranger");
        await using var bobHub = await app.ConnectAsync(bob);
        using var http = alice.Http();
        var png = TestFiles.Png(64, 64);

        var me = await Expect.Json(await http.PutAsync("/api/me/avatar", TestFiles.Form(png, "me.png", "image/png")));
        var url = me.GetProperty("avatarUrl").GetString()!;
        var update = await bobHub.WaitForAsync("UserUpdated", u => u.Id() == alice.Id);
        Assert.Equal(url, update.GetProperty("avatarUrl").GetString());
        using (var s = stranger.Http()) Assert.Equal(png, await (await s.GetAsync(url)).Content.ReadAsByteArrayAsync());
        using (var b = bob.Http())
        {
            var user = await Expect.Json(await b.GetAsync($"/api/users/{alice.Id}"));
            Assert.Equal(url, user.GetProperty("avatarUrl").GetString());
        }

        // Replacing it releases the old one; removing it goes back to initials.
        var second = await Expect.Json(await http.PutAsync("/api/me/avatar", TestFiles.Form(TestFiles.Png(32, 32), "me2.png", "image/png")));
        Assert.NotEqual(url, second.GetProperty("avatarUrl").GetString());
        using (var s = stranger.Http()) await Expect.Problem(await s.GetAsync(url), 404);
        var cleared = await Expect.Json(await http.DeleteAsync("/api/me/avatar"));
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("avatarUrl").ValueKind);
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.Files.CountAsync());
    }

    [Fact]
    public async Task AnAvatarMustBeAPicture()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        await Expect.Problem(await http.PutAsync("/api/me/avatar", TestFiles.Form("<svg onload=alert(1)>"u8.ToArray(), "me.png", "image/png")), 400, "file");
        await Expect.Problem(await http.PutAsync("/api/me/avatar", TestFiles.Form(TestFiles.Png(50_000, 50_000, pixels: false), "bomb.png", "image/png")), 400, "file");
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.Files.CountAsync());
    }

    [Fact]
    public async Task OnlyTheOwnerSetsTheRoomIconAndMembersSeeIt()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var carol = await app.SignUpAsync("carol");
        var room = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(room, bob);
        await using var bobHub = await app.ConnectAsync(bob);
        var png = TestFiles.Png(48, 48);

        using (var b = bob.Http())
            await Expect.Problem(await b.PutAsync($"/api/rooms/{room}/icon", TestFiles.Form(png, "icon.png", "image/png")), 403);
        using var a = alice.Http();
        var dto = await Expect.Json(await a.PutAsync($"/api/rooms/{room}/icon", TestFiles.Form(png, "icon.png", "image/png")));
        var url = dto.GetProperty("iconUrl").GetString()!;
        var updated = await bobHub.WaitForAsync("RoomUpdated");
        Assert.Equal(url, updated.GetProperty("iconUrl").GetString());
        Assert.Contains("changed the room icon", (await bobHub.WaitForAsync("MessageCreated", m => m.Text().Contains("icon"))).Text());
        using (var b = bob.Http()) Assert.Equal(png, await (await b.GetAsync(url)).Content.ReadAsByteArrayAsync());
        using (var c = carol.Http()) await Expect.Problem(await c.GetAsync(url), 404);
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.Files.CountAsync()); // bob's refused upload left nothing
    }

    [Fact]
    public async Task BioAndTimeZoneAreValidatedAndShared()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, _) = await app.AliceAndBobInARoomAsync();
        using var http = alice.Http();
        await Expect.Problem(await http.PatchAsJsonAsync("/api/me", new { timeZone = "Mars/Olympus_Mons" }), 400, "timeZone");
        await Expect.Problem(await http.PatchAsJsonAsync("/api/me", new { bio = new string('x', 501) }), 400, "bio");
        await Expect.Problem(await http.PatchAsJsonAsync("/api/me", new { bio = "evil\u202Etxt" }), 400, "bio");
        var me = await Expect.Json(await http.PatchAsJsonAsync("/api/me", new { bio = "Backend.\nLikes tea.", timeZone = "Europe/Paris" }));
        Assert.Equal("Europe/Paris", me.GetProperty("timeZone").GetString());
        using var b = bob.Http();
        var seen = await Expect.Json(await b.GetAsync($"/api/users/{alice.Id}"));
        Assert.Equal("Backend.\nLikes tea.", seen.GetProperty("bio").GetString());
        Assert.Equal("Europe/Paris", seen.GetProperty("timeZone").GetString());
    }
}
