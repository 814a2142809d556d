using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Blocking someone, and "only friends can DM me".</summary>
public sealed class BlockingTests
{
    [Fact]
    public async Task ABlockedPersonCantDmInviteOrFriendTheBlockerAndIsNotTold()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var mallory = await app.SignUpAsync("mallory", "Mallory");
        var carol = await app.SignUpAsync("carol", "Carol");
        await using var aliceHub = await app.ConnectAsync(alice);
        await using var aliceTab2 = await app.ConnectAsync(alice);
        await using var malloryHub = await app.ConnectAsync(mallory);
        using var a = alice.Http();
        using var m = mallory.Http();

        // They were friends, with a DM and a room in common.
        await Expect.Json(await m.PostAsJsonAsync("/api/friends/requests", new { userId = alice.Id }), 201);
        await Expect.Json(await a.PostAsync($"/api/friends/requests/{mallory.Id}/accept", null));
        var dm = await mallory.OpenDmAsync(alice);
        var room = await alice.CreateRoomAsync();
        await mallory.JoinAsync(room);
        await malloryHub.InvokeAsync("SendMessage", dm, TestUserApi.Send("hi Alice")); // the send path now remembers she may

        var block = await Expect.Json(await a.PutAsync($"/api/blocks/{mallory.Id}", null));
        Assert.Equal("Mallory", block.GetProperty("user").GetProperty("displayName").GetString());
        await Expect.Json(await a.PutAsync($"/api/blocks/{mallory.Id}", null)); // a repeat is fine
        foreach (var tab in new[] { aliceHub, aliceTab2 })
            await tab.WaitForAsync("BlocksChanged", e => e.GetProperty("userId").GetGuid() == mallory.Id && e.GetProperty("blocked").GetBoolean());
        Assert.Equal([mallory.Id], (await Expect.Json(await a.GetAsync("/api/blocks"))).EnumerateArray().Select(b => b.GetProperty("user").GetProperty("id").GetGuid()));
        // The friendship ended, as if removed; nothing says "blocked" to Mallory.
        await malloryHub.WaitForAsync("FriendshipChanged", e => e.GetProperty("userId").GetGuid() == alice.Id && e.GetProperty("state").GetString() == "none");
        Assert.Empty(malloryHub.Events("BlocksChanged"));

        // Mallory can't write in the DM, open a new group with Alice, invite her, or ask to be friends.
        var before = (await alice.MessagesAsync(dm)).Count;
        var refused = await Expect.Problem(await m.PostAsJsonAsync($"/api/rooms/{dm}/messages", TestUserApi.Send("hello?")), 403);
        Assert.Equal("This person isn't accepting messages from you.", refused.GetProperty("title").GetString());
        Assert.Contains("This person isn't accepting messages from you.", await malloryHub.InvokeExpectingErrorAsync("SendMessage", dm, TestUserApi.Send("hub?")));
        Assert.Equal(before, (await alice.MessagesAsync(dm)).Count);
        await Expect.Problem(await m.PostAsJsonAsync("/api/dms", new { userIds = new[] { alice.Id, carol.Id } }), 403);
        var privateRoom = await mallory.CreateRoomAsync(visibility: "private");
        await Expect.Problem(await m.PostAsJsonAsync($"/api/rooms/{privateRoom}/invite", new { userIds = new[] { alice.Id } }), 403, "userIds");
        await Expect.Problem(await m.PostAsJsonAsync("/api/friends/requests", new { userId = alice.Id }), 403, "userId");
        Assert.Empty((await Expect.Json(await a.GetAsync("/api/friends"))).GetProperty("incoming").EnumerateArray());

        // Alice can't write to Mallory either while she blocks her, and is told why.
        var own = await Expect.Problem(await a.PostAsJsonAsync($"/api/rooms/{dm}/messages", TestUserApi.Send("hm")), 403);
        Assert.Contains("Unblock", own.GetProperty("title").GetString());

        // In a shared room Mallory's messages still arrive (the client hides them); her @mention doesn't count for Alice.
        await mallory.PostMessageAsync(room, $"@{alice.UserName} look at me");
        Assert.Equal(0, (await alice.RoomInListAsync(room)).GetProperty("mentionCount").GetInt32());

        // Unblocking restores it all.
        await Expect.Status(await a.DeleteAsync($"/api/blocks/{mallory.Id}"), 204);
        await aliceHub.WaitForAsync("BlocksChanged", e => e.GetProperty("userId").GetGuid() == mallory.Id && !e.GetProperty("blocked").GetBoolean());
        await Expect.Problem(await a.DeleteAsync($"/api/blocks/{mallory.Id}"), 404);
        await mallory.PostMessageAsync(dm, "sorry");
        await Expect.Json(await m.PostAsJsonAsync("/api/friends/requests", new { userId = alice.Id }), 201);
        await Expect.Problem(await a.PutAsync($"/api/blocks/{alice.Id}", null), 400, "userId");
        await Expect.Problem(await a.PutAsync($"/api/blocks/{Guid.NewGuid()}", null), 404);
    }

    [Fact]
    public async Task ABlockedPersonCantWriteInTheDmByEditingReactingPinningVotingOrTyping()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var mallory = await app.SignUpAsync("mallory");
        var dm = await mallory.OpenDmAsync(alice);
        var earlier = (await mallory.PostMessageAsync(dm, "hi Alice")).Id();
        var hers = (await alice.PostMessageAsync(dm, "hi Mallory")).Id();
        using var a = alice.Http();
        using var m = mallory.Http();
        var poll = await Expect.Json(await a.PostAsJsonAsync($"/api/rooms/{dm}/messages",
            new { clientMessageId = "poll-1", text = "Lunch?", poll = new { options = new[] { "yes", "no" } } }), 201);
        var option = poll.GetProperty("poll").GetProperty("options")[0].Id();
        // Before the block each of these works (and the send path remembers she may write here).
        await Expect.Status(await m.PostAsJsonAsync($"/api/messages/{hers}/reactions", new { emoji = "👍" }), 200);
        await mallory.PostMessageAsync(dm, "still here");
        await using var malloryHub = await app.ConnectAsync(mallory);

        await Expect.Status(await a.PutAsync($"/api/blocks/{mallory.Id}", null), 200);

        await Expect.Problem(await m.PatchAsJsonAsync($"/api/messages/{earlier}", new { text = "a new message Alice did not want" }), 403);
        await Expect.Problem(await m.PostAsJsonAsync($"/api/messages/{hers}/reactions", new { emoji = "👎" }), 403);
        await Expect.Problem(await m.PostAsync($"/api/messages/{hers}/pin", null), 403);
        await Expect.Problem(await m.PutAsJsonAsync($"/api/messages/{poll.Id()}/poll/votes", new { options = new[] { option } }), 403);
        Assert.Contains("This person isn't accepting messages from you.", await malloryHub.InvokeExpectingErrorAsync("Typing", dm));
        // Nothing of it reached Alice.
        var shown = await alice.MessagesAsync(dm);
        Assert.Equal("hi Alice", shown.Single(x => x.Id() == earlier).Text());
        Assert.Equal(["👍"], shown.Single(x => x.Id() == hers).GetProperty("reactions").EnumerateArray().Select(r => r.GetProperty("emoji").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, shown.Single(x => x.Id() == hers).GetProperty("pinned").ValueKind);
        Assert.Equal(0, shown.Single(x => x.Id() == poll.Id()).GetProperty("poll").GetProperty("options")[0].GetProperty("votes").GetInt32());
        // Alice, who blocks, is told to unblock first.
        Assert.Contains("Unblock", (await Expect.Problem(await a.PostAsJsonAsync($"/api/messages/{earlier}/reactions", new { emoji = "👀" }), 403)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task SomeoneBlockedCantComeBackIntoAGroupDmTheyLeft()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var carol = await app.SignUpAsync("carol");
        var group = await bob.OpenDmAsync(alice, carol);
        using var a = alice.Http();
        using var b = bob.Http();
        await Expect.Status(await a.PostAsync($"/api/rooms/{group}/leave", null), 204);
        await Expect.Status(await b.PutAsync($"/api/blocks/{alice.Id}", null), 200);
        await bob.PostMessageAsync(group, "said after alice left and was blocked");

        await Expect.Problem(await a.PostAsJsonAsync("/api/dms", new { userIds = new[] { bob.Id, carol.Id } }), 403);
        await Expect.Problem(await a.GetAsync($"/api/rooms/{group}/messages"), 404);
        // Unblocked, she may come back, as anyone who left may.
        await Expect.Status(await b.DeleteAsync($"/api/blocks/{alice.Id}"), 204);
        Assert.Equal(group, await alice.OpenDmAsync(bob, carol));
        Assert.Contains(await alice.MessagesAsync(group), x => x.Text() == "said after alice left and was blocked");
    }

    [Fact]
    public async Task OnlyFriendsCanOpenADmWhenThePersonSaysSoAndFriendRequestsAreRateLimited()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:RateLimits:FriendRequestsPerHour"] = "3" });
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var carol = await app.SignUpAsync("carol", "Carol");
        using var a = alice.Http();
        using var b = bob.Http();
        await Expect.Json(await a.PatchAsJsonAsync("/api/me/settings", new { dmPolicy = "friends" }));

        var refused = await Expect.Problem(await b.PostAsJsonAsync("/api/dms", new { userIds = new[] { alice.Id } }), 403);
        Assert.Equal("This person only accepts direct messages from friends.", refused.GetProperty("title").GetString());
        await Expect.Json(await b.PostAsJsonAsync("/api/friends/requests", new { userId = alice.Id }), 201);
        await Expect.Json(await a.PostAsync($"/api/friends/requests/{bob.Id}/accept", null));
        await bob.OpenDmAsync(alice); // friends now
        await Expect.Problem(await carol.Http().PostAsJsonAsync("/api/dms", new { userIds = new[] { alice.Id, bob.Id } }), 403);

        // Three requests an hour (set for the test), then 429 with Retry-After.
        using var c = carol.Http();
        var dave = await app.SignUpAsync("dave", "Dave");
        var erin = await app.SignUpAsync("erin", "Erin");
        await Expect.Json(await c.PostAsJsonAsync("/api/friends/requests", new { userId = bob.Id }), 201);
        await Expect.Json(await c.PostAsJsonAsync("/api/friends/requests", new { userId = dave.Id }), 201);
        await Expect.Json(await c.PostAsJsonAsync("/api/friends/requests", new { userId = alice.Id }), 201);
        var limited = await c.PostAsJsonAsync("/api/friends/requests", new { userId = erin.Id });
        await Expect.Problem(limited, 429);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Empty((await Expect.Json(await erin.Http().GetAsync("/api/friends"))).GetProperty("incoming").EnumerateArray());
    }
}
