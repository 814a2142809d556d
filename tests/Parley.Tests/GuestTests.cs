using System.Net.Http.Json;
using System.Text.Json;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>A guest sees the rooms they were brought into and the people in them, and nothing else of the server.</summary>
public sealed class GuestTests
{
    private static async Task NotAllowedAsync(HttpResponseMessage res) =>
        Assert.Equal("not_allowed", (await Expect.Problem(res, 403)).GetProperty("code").GetString());

    [Fact]
    public async Task AGuestInvitedToOneRoomSeesOnlyItAndItsPeople()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var carol = await app.SignUpAsync("carol", "Carol Stranger");
        var gus = await app.SignUpAsync("gus", "Gus");
        await app.SetRoleAsync(gus.Id, ServerRole.Guest);
        var lobby = await carol.CreateRoomAsync(visibility: "public");
        var publicMessage = (await carol.PostMessageAsync(lobby, "public news")).Id();
        var secret = await carol.CreateRoomAsync(visibility: "private");
        var project = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(project, gus);
        await alice.PostMessageAsync(project, "welcome Gus");
        await using var gusHub = await app.ConnectAsync(gus);
        using var g = gus.Http();

        // Rooms: only the one he is in.
        var mine = await Expect.Json(await g.GetAsync("/api/rooms"));
        Assert.Equal([project], mine.EnumerateArray().Select(r => r.GetProperty("room").Id()));
        Assert.Single(await gus.MessagesAsync(project), m => m.Text() == "welcome Gus");
        await NotAllowedAsync(await g.GetAsync("/api/rooms/public"));
        await NotAllowedAsync(await g.PostAsJsonAsync("/api/rooms", new { name = "guest-room", visibility = "private" }));
        foreach (var other in new[] { lobby, secret })
        {
            await Expect.Problem(await g.GetAsync($"/api/rooms/{other}"), 404);
            await Expect.Problem(await g.GetAsync($"/api/rooms/{other}/members"), 404);
            await Expect.Problem(await g.GetAsync($"/api/rooms/{other}/messages"), 404);
            await Expect.Problem(await g.GetAsync($"/api/rooms/{other}/changes?sinceRev=0"), 404);
            await Expect.Problem(await g.PostAsync($"/api/rooms/{other}/join", null), 404);
            await Expect.Problem(await g.PostAsJsonAsync($"/api/rooms/{other}/messages", TestUserApi.Send("hello?")), 404);
        }
        await Expect.Problem(await g.PostAsJsonAsync($"/api/messages/{publicMessage}/report", new { reason = "peek" }), 404);
        var sync = await gusHub.InvokeAsync("Sync", new Dictionary<Guid, long> { [lobby] = 0, [project] = 0 });
        Assert.Equal([project], sync.EnumerateArray().Select(p => p.GetProperty("roomId").GetGuid()));
        Assert.StartsWith("not_found", HubClient.Reason(await gusHub.InvokeExpectingErrorAsync("SendMessage", lobby, TestUserApi.Send("hub?"))));

        // People: Alice shares his room, Carol doesn't exist for him.
        var found = await Expect.Json(await g.GetAsync("/api/users?q=a"));
        Assert.Contains(found.EnumerateArray(), u => u.Id() == alice.Id);
        Assert.DoesNotContain(found.EnumerateArray(), u => u.Id() == carol.Id);
        Assert.Empty((await Expect.Json(await g.GetAsync("/api/users?q=stranger"))).EnumerateArray());
        await Expect.Json(await g.GetAsync($"/api/users/{alice.Id}"));
        await Expect.Status(await g.GetAsync($"/api/users/{carol.Id}"), 404);
        var presence = await Expect.Json(await g.GetAsync($"/api/presence?ids={alice.Id},{carol.Id}"));
        Assert.Equal([alice.Id], presence.EnumerateArray().Select(p => p.GetProperty("userId").GetGuid()));
        Assert.Empty((await gusHub.InvokeAsync("GetPresence", new[] { carol.Id })).EnumerateArray());

        // Messaging: his roommate yes, a stranger no (nor a group with one, nor a friend request).
        await NotAllowedAsync(await g.PostAsJsonAsync("/api/dms", new { userIds = new[] { carol.Id } }));
        await NotAllowedAsync(await g.PostAsJsonAsync("/api/dms", new { userIds = new[] { alice.Id, carol.Id } }));
        await NotAllowedAsync(await g.PostAsJsonAsync("/api/friends/requests", new { userId = carol.Id }));
        await Expect.Status(await g.PostAsJsonAsync("/api/dms", new { userIds = new[] { alice.Id } }), 201);
        await Expect.Status(await g.PostAsJsonAsync("/api/friends/requests", new { userId = alice.Id }), 201);

        // Nothing of the public room reached his connection meanwhile.
        await carol.PostMessageAsync(lobby, "more public news");
        await gus.MarkAsync(gusHub);
        Assert.DoesNotContain(gusHub.Events("MessageCreated"), m => m.GetProperty("roomId").GetGuid() == lobby);
        Assert.DoesNotContain(gusHub.Events("PresenceChanged"), p => p.GetProperty("userId").GetGuid() == carol.Id);
    }

    [Fact]
    public async Task AGuestLearnsNothingOfAPublicRoomThroughItsSettingsOrModeration()
    {
        await using var app = await ParleyApp.StartAsync();
        var carol = await app.SignUpAsync("carol");
        var gus = await app.SignUpAsync("gus");
        await app.SetRoleAsync(gus.Id, ServerRole.Guest);
        var lobby = await carol.CreateRoomAsync(visibility: "public");
        using var g = gus.Http();
        // The public room answers exactly as one that does not exist.
        foreach (var room in new[] { Guid.CreateVersion7(), lobby })
        {
            await Expect.Problem(await g.PatchAsJsonAsync($"/api/rooms/{room}", new { topic = "probe" }), 404);
            await Expect.Problem(await g.DeleteAsync($"/api/rooms/{room}/icon"), 404);
            await Expect.Problem(await g.GetAsync($"/api/rooms/{room}/bans"), 404);
            await Expect.Problem(await g.DeleteAsync($"/api/rooms/{room}/members/{carol.Id}"), 404);
            await Expect.Problem(await g.PostAsync($"/api/rooms/{room}/archive", null), 404);
            await Expect.Problem(await g.PostAsync($"/api/rooms/{room}/join", null), 404);
        }
        // A member who is not in it is told what they may not do there.
        var mia = await app.SignUpAsync("mia");
        using var m = mia.Http();
        await Expect.Problem(await m.PatchAsJsonAsync($"/api/rooms/{lobby}", new { topic = "probe" }), 403);
        await Expect.Problem(await m.GetAsync($"/api/rooms/{lobby}/bans"), 403);
        await Expect.Problem(await m.PostAsync($"/api/rooms/{lobby}/archive", null), 403);
    }

    [Fact]
    public async Task MembersStillSeeThePublicServer()
    {
        await using var app = await ParleyApp.StartAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        var bob = await app.SignUpAsync("bob", "Bob");
        var lobby = await carol.CreateRoomAsync(visibility: "public");
        using var b = bob.Http();
        Assert.Contains((await Expect.Json(await b.GetAsync("/api/rooms/public"))).EnumerateArray(), r => r.GetProperty("room").Id() == lobby);
        await Expect.Json(await b.GetAsync($"/api/rooms/{lobby}/messages"));
        await Expect.Problem(await b.PostAsJsonAsync($"/api/rooms/{lobby}/messages", TestUserApi.Send("not joined")), 403);
        await Expect.Json(await b.GetAsync($"/api/users/{carol.Id}"));
        await Expect.Status(await b.PostAsJsonAsync("/api/dms", new { userIds = new[] { carol.Id } }), 201);
    }
}
