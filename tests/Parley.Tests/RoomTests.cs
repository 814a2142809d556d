using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

/// <summary>Rooms, DMs and group DMs: who is in them, what they see, and the lines membership leaves in history.</summary>
public sealed class RoomTests
{
    [Fact]
    public async Task PublicRoomsAreListedAndAnyoneMayJoin()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var room = await alice.CreateRoomAsync("Design Crit", topic: "weekly reviews");
        var hidden = await alice.CreateRoomAsync("secret-plans", "private");

        using var b = bob.Http();
        var found = await Expect.Json(await b.GetAsync("/api/rooms/public?q=design"));
        var entry = Assert.Single(found.EnumerateArray());
        Assert.Equal(room, entry.GetProperty("room").Id());
        Assert.Equal(1, entry.GetProperty("memberCount").GetInt32());
        Assert.False(entry.GetProperty("joined").GetBoolean());
        Assert.DoesNotContain((await Expect.Json(await b.GetAsync("/api/rooms/public"))).EnumerateArray(), r => r.GetProperty("room").Id() == hidden);
        Assert.Empty((await Expect.Json(await b.GetAsync("/api/rooms/public?q=secret"))).EnumerateArray());

        // A public room can be read before joining (like a channel preview), but not written to.
        Assert.Single(await bob.MessagesAsync(room));
        await using var bh = await app.ConnectAsync(bob);
        Assert.Contains("Join it first", await bh.InvokeExpectingErrorAsync("SendMessage", room, Send("hi")));

        await bob.JoinAsync(room);
        await bob.JoinAsync(room); // joining twice is harmless
        var detail = await Expect.Json(await b.GetAsync($"/api/rooms/{room}"));
        Assert.True(detail.GetProperty("joined").GetBoolean());
        Assert.Equal(["owner", "member"], detail.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        var lines = (await bob.MessagesAsync(room)).Where(m => m.GetProperty("kind").GetString() == "system").Select(m => m.Text()).ToList();
        Assert.Equal(["Alice created the room", "Bob joined"], lines);
    }

    [Fact]
    public async Task PrivateRoomsAreInviteOnlyAndInvisibleToOthers()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var carol = await app.SignUpAsync("carol", "Carol");
        var room = await alice.CreateRoomAsync("private-room", "private");

        using var c = carol.Http();
        await Expect.Problem(await c.PostAsync($"/api/rooms/{room}/join", null), 404);
        await Expect.Problem(await c.GetAsync($"/api/rooms/{room}/members"), 404);
        await Expect.Problem(await c.PostAsJsonAsync($"/api/rooms/{room}/invite", new { userIds = new[] { carol.Id } }), 404);
        // Same answer as for a room that doesn't exist at all.
        await Expect.Problem(await c.PostAsync($"/api/rooms/{Guid.NewGuid()}/join", null), 404);

        await using var bh = await app.ConnectAsync(bob);
        await alice.InviteAsync(room, bob);
        var added = await bh.WaitForAsync("RoomAdded");
        Assert.Equal(room, added.GetProperty("room").Id());
        Assert.Equal("private", added.GetProperty("room").GetProperty("kind").GetString());
        // Bob's open connection was put in the room's group at once: he hears the next message without reconnecting.
        var msg = await alice.PostMessageAsync(room, "welcome bob");
        await bh.WaitForAsync("MessageCreated", m => m.Id() == msg.Id());
        Assert.Contains((await bob.MessagesAsync(room)).Select(m => m.Text()), t => t == "Alice added Bob");

        // Members may invite; unknown people are refused and nothing changes.
        using var b = bob.Http();
        await Expect.Problem(await b.PostAsJsonAsync($"/api/rooms/{room}/invite", new { userIds = new[] { Guid.NewGuid() } }), 404, "userIds");
        await Expect.Problem(await b.PostAsJsonAsync($"/api/rooms/{room}/invite", new { userIds = Array.Empty<Guid>() }), 400, "userIds");
        await using var db = app.OpenDb();
        Assert.Equal(2, await db.RoomMembers.CountAsync(m => m.RoomId == room));
    }

    [Fact]
    public async Task JoinAndLeaveNotifyMembersAtOnceAndALeaverHearsNothingMore()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var room = await alice.CreateRoomAsync();
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var b2 = await app.ConnectAsync(bob);

        await bob.JoinAsync(room);
        var joined = await a.WaitForAsync("MemberJoined");
        Assert.Equal(bob.Id, joined.GetProperty("member").GetProperty("userId").GetGuid());
        Assert.Equal(room, joined.GetProperty("roomId").GetGuid());
        Assert.Equal("Bob joined", (await a.WaitForAsync("MessageCreated", m => m.GetProperty("kind").GetString() == "system")).Text());
        await b2.WaitForAsync("RoomAdded"); // his other tab learns of the room too

        using var bh = bob.Http();
        await Expect.Status(await bh.PostAsync($"/api/rooms/{room}/leave", null), 204);
        var left = await a.WaitForAsync("MemberLeft");
        Assert.Equal(bob.Id, left.GetProperty("member").GetProperty("userId").GetGuid());
        Assert.True(left.GetProperty("rev").GetInt64() > joined.GetProperty("rev").GetInt64());
        await a.WaitForAsync("MessageCreated", m => m.Text() == "Bob left");
        await b.WaitForAsync("RoomRemoved", r => r.GetProperty("roomId").GetGuid() == room);
        await b2.WaitForAsync("RoomRemoved");

        // From now on, nothing from the room reaches any of Bob's connections.
        var countB = b.Events("MessageCreated").Count;
        var after = await a.InvokeAsync("SendMessage", room, Send("bob is gone"));
        await a.WaitForAsync("MessageCreated", m => m.Id() == after.Id());
        await a.InvokeAsync("Typing", room);
        await bob.MarkAsync(b, b2);
        Assert.Equal(countB, b.Events("MessageCreated").Count);
        Assert.DoesNotContain(b2.Events("MessageCreated"), m => m.Id() == after.Id());
        Assert.Empty(b.Events("UserTyping"));
        Assert.Contains("Join it first", await b.InvokeExpectingErrorAsync("SendMessage", room, Send("still here?")));
        // Leaving twice: not a member any more.
        await Expect.Problem(await bh.PostAsync($"/api/rooms/{room}/leave", null), 403);
    }

    [Fact]
    public async Task TheOwnerRenamesAndSetsTheTopicOthersMayNot()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var room = await alice.CreateRoomAsync("old-name");
        await alice.CreateRoomAsync("taken-name");
        await bob.JoinAsync(room);
        await using var b = await app.ConnectAsync(bob);

        using var bh = bob.Http();
        var refused = await Expect.Problem(await bh.PatchAsJsonAsync($"/api/rooms/{room}", new { name = "mine now" }), 403);
        Assert.Equal("not_allowed", refused.GetProperty("code").GetString());
        using var ah = alice.Http();
        await Expect.Problem(await ah.PatchAsJsonAsync($"/api/rooms/{room}", new { name = "Taken-Name" }), 409, "name");
        await Expect.Problem(await ah.PatchAsJsonAsync($"/api/rooms/{room}", new { name = "  " }), 400, "name");
        await Expect.Problem(await ah.PatchAsJsonAsync($"/api/rooms/{room}", new { topic = new string('t', 251) }), 400, "topic");

        var updated = await Expect.Json(await ah.PatchAsJsonAsync($"/api/rooms/{room}", new { name = "new-name", topic = "ship it" }));
        Assert.Equal("new-name", updated.GetProperty("name").GetString());
        var seen = await b.WaitForAsync("RoomUpdated");
        Assert.Equal("ship it", seen.GetProperty("topic").GetString());
        var lines = (await bob.MessagesAsync(room)).Select(m => m.Text()).ToList();
        Assert.Contains("Alice renamed the room to “new-name”", lines);
        Assert.Contains("Alice set the topic: ship it", lines);
    }

    [Fact]
    public async Task AnEmptiedPrivateRoomFreesItsName()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var room = await alice.CreateRoomAsync("war-room", "private");
        using var h = alice.Http();
        await Expect.Problem(await h.PostAsJsonAsync("/api/rooms", new { name = "war-room", visibility = "public" }), 409, "name");
        await Expect.Status(await h.PostAsync($"/api/rooms/{room}/leave", null), 204);
        await Expect.Status(await h.PostAsJsonAsync("/api/rooms", new { name = "war-room", visibility = "public" }), 201);
    }

    [Fact]
    public async Task CreatingRoomsChecksEveryField()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var h = alice.Http();
        await Expect.Problem(await h.PostAsJsonAsync("/api/rooms", new { name = "x", visibility = "secret" }), 400, "visibility");
        await Expect.Problem(await h.PostAsJsonAsync("/api/rooms", new { name = "x" }), 400, "visibility");
        await Expect.Problem(await h.PostAsJsonAsync("/api/rooms", new { name = "", visibility = "public" }), 400, "name");
        await Expect.Problem(await h.PostAsJsonAsync("/api/rooms", new { name = new string('n', 81), visibility = "public" }), 400, "name");
        await Expect.Problem(await h.PostAsJsonAsync("/api/rooms", new { name = "tab\there", visibility = "public" }), 400, "name");
        await Expect.Status(await h.PostAsJsonAsync("/api/rooms", new { name = "General", visibility = "public" }), 201);
        await Expect.Problem(await h.PostAsJsonAsync("/api/rooms", new { name = "general", visibility = "private" }), 409, "name");
        await Expect.Status(await h.PostAsync("/api/rooms", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")), 400);
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.Rooms.CountAsync());
    }

    [Fact]
    public async Task ADirectMessageIsTheSameConversationEveryTime()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var eve = await app.SignUpAsync("eve");
        await using var b = await app.ConnectAsync(bob);

        using var ah = alice.Http();
        var created = await ah.PostAsJsonAsync("/api/dms", new { userIds = new[] { bob.Id } });
        var dm = (await Expect.Json(created, 201)).GetProperty("room").Id();
        Assert.Equal(dm, (await Expect.Json(await ah.PostAsJsonAsync("/api/dms", new { userIds = new[] { bob.Id, bob.Id, alice.Id } }))).GetProperty("room").Id());
        Assert.Equal(dm, await bob.OpenDmAsync(alice)); // from the other side too
        var added = await b.WaitForAsync("RoomAdded");
        Assert.Equal("dm", added.GetProperty("room").GetProperty("kind").GetString());
        Assert.Equal(2, added.GetProperty("members").GetArrayLength());

        var sent = await alice.PostMessageAsync(dm, "psst");
        await b.WaitForAsync("MessageCreated", m => m.Id() == sent.Id());
        using var eh = eve.Http();
        await Expect.Problem(await eh.GetAsync($"/api/rooms/{dm}/messages"), 404);
        await Expect.Problem(await eh.PostAsync($"/api/rooms/{dm}/join", null), 404);
        // A 1:1 DM can't be left, nor grown, nor renamed.
        await Expect.Problem(await ah.PostAsync($"/api/rooms/{dm}/leave", null), 400, "roomId");
        await Expect.Problem(await ah.PostAsJsonAsync($"/api/rooms/{dm}/invite", new { userIds = new[] { eve.Id } }), 400, "roomId");
        await Expect.Problem(await ah.PatchAsJsonAsync($"/api/rooms/{dm}", new { name = "x" }), 400, "roomId");
        await Expect.Problem(await ah.PostAsJsonAsync("/api/dms", new { userIds = new[] { alice.Id } }), 400, "userIds");
        await Expect.Problem(await ah.PostAsJsonAsync("/api/dms", new { userIds = new[] { Guid.NewGuid() } }), 404, "userIds");
    }

    [Fact]
    public async Task GroupMessagesHoldThreeToTenPeople()
    {
        await using var app = await ParleyApp.StartAsync();
        var people = new List<TestUser>();
        for (var i = 0; i < 11; i++) people.Add(await app.SignUpAsync("p" + i));
        var me = people[0];
        using var h = me.Http();
        var group = await me.OpenDmAsync(people[1], people[2]);
        Assert.Equal(group, await people[2].OpenDmAsync(people[0], people[1]));
        Assert.NotEqual(group, await me.OpenDmAsync(people[1]));
        var summary = await me.RoomInListAsync(group);
        Assert.Equal("group", summary.GetProperty("room").GetProperty("kind").GetString());
        Assert.Equal(3, summary.GetProperty("members").GetArrayLength());

        await Expect.Status(await h.PostAsJsonAsync("/api/dms", new { userIds = people.Skip(1).Take(9).Select(p => p.Id) }), 201);
        await Expect.Problem(await h.PostAsJsonAsync("/api/dms", new { userIds = people.Skip(1).Select(p => p.Id) }), 400, "userIds");

        // Someone may leave a group message; the rest carry on. Opening it again brings them back.
        using var p2 = people[2].Http();
        await Expect.Status(await p2.PostAsync($"/api/rooms/{group}/leave", null), 204);
        await Expect.Problem(await p2.GetAsync($"/api/rooms/{group}/messages"), 404);
        Assert.Equal(group, await people[2].OpenDmAsync(people[0], people[1]));
        Assert.Equal(3, (await people[2].RoomInListAsync(group)).GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task MyConversationsShowLastMessageAndUnreadNewestFirst()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var quiet = await alice.CreateRoomAsync("quiet");
        var busy = await alice.CreateRoomAsync("busy");
        await bob.JoinAsync(quiet);
        await bob.JoinAsync(busy);
        await alice.PostMessageAsync(quiet, "one");
        await alice.PostMessageAsync(busy, "two");
        var last = await alice.PostMessageAsync(busy, "three");
        var dm = await alice.OpenDmAsync(bob);
        await alice.PostMessageAsync(dm, "direct");
        await alice.PostMessageAsync(quiet, "latest");

        using var bh = bob.Http();
        var list = (await Expect.Json(await bh.GetAsync("/api/rooms"))).EnumerateArray().ToList();
        Assert.Equal([quiet, dm, busy], list.Select(r => r.GetProperty("room").Id()));
        var busyRow = list.Single(r => r.GetProperty("room").Id() == busy);
        Assert.Equal(2, busyRow.GetProperty("unreadCount").GetInt32());
        Assert.Equal(last.Id(), busyRow.GetProperty("lastMessage").Id());
        Assert.Equal("member", busyRow.GetProperty("role").GetString());
        Assert.Equal(1, list.Single(r => r.GetProperty("room").Id() == dm).GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public async Task WhenTheOwnerLeavesTheLongestStandingMemberTakesOver()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var carol = await app.SignUpAsync("carol");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room);
        await carol.JoinAsync(room);
        await using var c = await app.ConnectAsync(carol);
        using var ah = alice.Http();
        await Expect.Status(await ah.PostAsync($"/api/rooms/{room}/leave", null), 204);
        var promoted = await c.WaitForAsync("MemberUpdated");
        Assert.Equal(bob.Id, promoted.GetProperty("member").GetProperty("userId").GetGuid());
        Assert.Equal("owner", promoted.GetProperty("member").GetProperty("role").GetString());
        Assert.Equal("owner", (await bob.RoomInListAsync(room)).GetProperty("role").GetString());
        Assert.Equal("member", (await carol.RoomInListAsync(room)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task JoinsAndInvitesDuringABurstOfSendsShareOneSequenceAndNobodyIsRefused()
    {
        // System lines take the same write path as messages: a join in the middle of a burst neither waits on nor
        // fails the sends, two people adding the same person at once both succeed, and seq has no gap or repeat.
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var joiners = new List<TestUser>();
        for (var i = 0; i < 8; i++) joiners.Add(await app.SignUpAsync($"joiner{i}", $"Joiner {i}"));
        var invited = await app.SignUpAsync("dana", "Dana");

        var sends = Enumerable.Range(0, 30).Select(i => (i % 2 == 0 ? alice : bob).PostMessageAsync(room, $"m{i}", $"c{i}"));
        var joins = joiners.Select(j => j.JoinAsync(room));
        using var a = alice.Http();
        using var b = bob.Http();
        var invites = new[] { a, b }.Select(h => h.PostAsJsonAsync($"/api/rooms/{room}/invite", new { userIds = new[] { invited.Id } }));
        await Task.WhenAll([.. sends, .. joins]);
        foreach (var r in await Task.WhenAll(invites)) await Expect.Json(r);

        var all = await alice.MessagesAsync(room, "?limit=100");
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(m => m.Seq()));
        Assert.Equal(30, all.Count(m => m.GetProperty("kind").GetString() == "text"));
        var lines = all.Where(m => m.GetProperty("kind").GetString() == "system").Select(m => m.Text()).ToList();
        Assert.All(joiners, j => Assert.Single(lines, l => l == $"Joiner {joiners.IndexOf(j)} joined"));
        Assert.Single(lines, l => l.EndsWith("added Dana"));
        var members = await Expect.Json(await a.GetAsync($"/api/rooms/{room}/members"));
        Assert.Equal(2 + joiners.Count + 1, members.GetArrayLength());
    }
}
