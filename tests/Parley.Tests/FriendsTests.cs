using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Friend requests in real time, and presence shared between friends who have no conversation in common.</summary>
public sealed class FriendsTests
{
    private static Task<JsonElement> HearsAsync(HubClient hub, Guid about, string state) =>
        hub.WaitForAsync("FriendshipChanged", e => e.GetProperty("userId").GetGuid() == about && e.GetProperty("state").GetString() == state);

    private static async Task<List<Guid>> ListAsync(TestUser u, string part)
    {
        using var http = u.Http();
        return [.. (await Expect.Json(await http.GetAsync("/api/friends"))).GetProperty(part).EnumerateArray().Select(f => f.GetProperty("user").GetProperty("id").GetGuid())];
    }

    [Fact]
    public async Task RequestsAcceptsRemovesAndFriendsSeeEachOthersPresence()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var carol = await app.SignUpAsync("carol", "Carol");
        await using var aliceHub = await app.ConnectAsync(alice);
        await using var bobHub = await app.ConnectAsync(bob);
        await using var carolHub = await app.ConnectAsync(carol);
        using var a = alice.Http();
        using var b = bob.Http();

        await Expect.Json(await a.PostAsJsonAsync("/api/friends/requests", new { userId = bob.Id }), 201);
        var incoming = await HearsAsync(bobHub, alice.Id, "incoming");
        Assert.Equal("Alice", incoming.GetProperty("user").GetProperty("displayName").GetString());
        await HearsAsync(aliceHub, bob.Id, "outgoing");
        Assert.Equal("outgoing", (await Expect.Json(await a.PostAsJsonAsync("/api/friends/requests", new { userId = bob.Id }), 200)).GetProperty("state").GetString());
        Assert.Equal([alice.Id], await ListAsync(bob, "incoming"));
        Assert.Equal([bob.Id], await ListAsync(alice, "outgoing"));

        // Strangers see no presence of each other …
        Assert.Empty((await aliceHub.InvokeAsync("GetPresence", new[] { bob.Id })).EnumerateArray());
        await Expect.Json(await b.PostAsync($"/api/friends/requests/{alice.Id}/accept", null));
        await HearsAsync(aliceHub, bob.Id, "friends");
        await HearsAsync(bobHub, alice.Id, "friends");
        Assert.Equal([bob.Id], await ListAsync(alice, "friends"));
        await Expect.Problem(await a.PostAsJsonAsync("/api/friends/requests", new { userId = bob.Id }), 409, "userId");

        // … friends do, with no room in common.
        Assert.Equal("online", Assert.Single((await aliceHub.InvokeAsync("GetPresence", new[] { bob.Id })).EnumerateArray()).GetProperty("status").GetString());
        await bobHub.InvokeAsync("SetPresence", "dnd");
        await aliceHub.WaitForAsync("PresenceChanged", e => e.GetProperty("userId").GetGuid() == bob.Id && e.GetProperty("status").GetString() == "dnd");
        Assert.DoesNotContain(carolHub.Events("PresenceChanged"), e => e.GetProperty("userId").GetGuid() == bob.Id);
        Assert.DoesNotContain(carolHub.Events("FriendshipChanged"), _ => true);

        await Expect.Status(await a.DeleteAsync($"/api/friends/{bob.Id}"), 204);
        await HearsAsync(bobHub, alice.Id, "none");
        Assert.Empty(await ListAsync(bob, "friends"));
        Assert.Empty((await aliceHub.InvokeAsync("GetPresence", new[] { bob.Id })).EnumerateArray());
        await Expect.Problem(await a.DeleteAsync($"/api/friends/{bob.Id}"), 404);
    }

    [Fact]
    public async Task DeclineCancelCrossedRequestsAndBadRequests()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var carol = await app.SignUpAsync("carol", "Carol");
        await using var carolHub = await app.ConnectAsync(carol);
        await using var aliceHub = await app.ConnectAsync(alice);
        using var a = alice.Http();
        using var c = carol.Http();

        await Expect.Json(await c.PostAsJsonAsync("/api/friends/requests", new { userId = alice.Id }), 201);
        await Expect.Problem(await c.PostAsync($"/api/friends/requests/{alice.Id}/accept", null), 404); // not hers to accept
        await Expect.Status(await a.PostAsync($"/api/friends/requests/{carol.Id}/decline", null), 204);
        await HearsAsync(carolHub, alice.Id, "none");                                                    // she is told it's gone
        Assert.Empty(await ListAsync(carol, "outgoing"));

        await Expect.Json(await c.PostAsJsonAsync("/api/friends/requests", new { userId = alice.Id }), 201);
        await Expect.Status(await c.DeleteAsync($"/api/friends/requests/{alice.Id}"), 204);                // changed her mind
        int Nones() => aliceHub.Events("FriendshipChanged").Count(e => e.GetProperty("state").GetString() == "none");
        for (var i = 0; i < 100 && Nones() < 2; i++) await Task.Delay(50);
        Assert.Equal(2, Nones());                                                                           // declined, then cancelled

        // Both ask: the second request is the answer.
        await Expect.Json(await a.PostAsJsonAsync("/api/friends/requests", new { userId = carol.Id }), 201);
        Assert.Equal("friends", (await Expect.Json(await c.PostAsJsonAsync("/api/friends/requests", new { userId = alice.Id }), 200)).GetProperty("state").GetString());
        Assert.Equal([alice.Id], await ListAsync(carol, "friends"));

        await Expect.Problem(await a.PostAsJsonAsync("/api/friends/requests", new { userId = alice.Id }), 400, "userId");
        await Expect.Problem(await a.PostAsJsonAsync("/api/friends/requests", new { userId = Guid.NewGuid() }), 404);
        await Expect.Problem(await a.PostAsJsonAsync("/api/friends/requests", new { }), 400, "userId");
        await Expect.Problem(await a.PostAsync($"/api/friends/requests/{Guid.NewGuid()}/accept", null), 404);
    }
}
