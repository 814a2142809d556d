using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Parley.Tests.Infrastructure;
using Parley.Tests.Infrastructure.Cluster;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;
using static Parley.Tests.Infrastructure.TwoNodes;

namespace Parley.Tests;

/// <summary>
/// Two nodes on one PostgreSQL and one Redis, people connected to different nodes: everything one sees of the other
/// crosses, and what acts on connections (group moves, session ends, caches, presence) acts on both nodes.
/// </summary>
public sealed class ClusterTests
{
    private static void RequirePostgres() => Assert.SkipUnless(ParleyApp.OnPostgres, "Several nodes need PostgreSQL: runs in the PostgreSQL suite.");

    private static Task<JsonElement> SeesPresenceAsync(HubClient watcher, Guid userId, string status, TimeSpan? timeout = null) =>
        watcher.WaitForAsync("PresenceChanged", e => e.GetProperty("userId").GetGuid() == userId && e.GetProperty("status").GetString() == status, timeout);

    /// <summary>Waits until the latest presence the watcher heard of the user is this status.</summary>
    private static async Task LastPresenceIsAsync(HubClient watcher, Guid userId, string status)
    {
        string? Last() => watcher.Events("PresenceChanged").LastOrDefault(e => e.GetProperty("userId").GetGuid() == userId) is { ValueKind: JsonValueKind.Object } e
            ? e.GetProperty("status").GetString() : null;
        for (var i = 0; i < 100 && Last() != status; i++) await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Equal(status, Last());
    }

    [Fact]
    public async Task EverythingOneSeesOfSomeoneOnTheOtherNodeCrosses()
    {
        RequirePostgres();
        await using var nodes = await TwoNodes.StartAsync();
        var (alice, bob, room) = await nodes.A.AliceAndBobInARoomAsync();
        var dm = await alice.OpenDmAsync(bob);
        await using var bobHub = await nodes.B.ConnectAsync(On(nodes.B, bob));
        await using var bobOnA = await nodes.A.ConnectAsync(bob);   // Bob's other device, on the other node
        await using var aliceHub = await nodes.A.ConnectAsync(alice);

        // Presence: Alice connected to A; Bob on B sees her online, and B answers so when asked.
        await SeesPresenceAsync(bobHub, alice.Id, "online");
        var seen = Assert.Single((await bobHub.InvokeAsync("GetPresence", new[] { alice.Id })).EnumerateArray());
        Assert.Equal("online", seen.GetProperty("status").GetString());

        // Messages, edits, reactions, deletes.
        var sent = await aliceHub.InvokeAsync("SendMessage", room, Send("hello from A"));
        await bobHub.WaitForAsync("MessageCreated", m => m.Id() == sent.Id());
        await aliceHub.InvokeAsync("EditMessage", sent.Id(), new { text = "hello from A, edited" });
        await bobHub.WaitForAsync("MessageEdited", m => m.Id() == sent.Id() && m.Text() == "hello from A, edited");
        await bobHub.InvokeAsync("ToggleReaction", sent.Id(), "🔥");
        await aliceHub.WaitForAsync("ReactionsChanged", r => r.GetProperty("messageId").GetGuid() == sent.Id());
        await aliceHub.InvokeAsync("DeleteMessage", sent.Id());
        await bobHub.WaitForAsync("MessageDeleted", m => m.Id() == sent.Id());

        // Typing, both ways of ending it.
        await bobHub.InvokeAsync("Typing", room);
        await aliceHub.WaitForAsync("UserTyping", t => t.GetProperty("userId").GetGuid() == bob.Id);
        await bobHub.InvokeAsync("StopTyping", room);
        await aliceHub.WaitForAsync("TypingStopped", t => t.GetProperty("userId").GetGuid() == bob.Id);

        // Read positions reach the reader's other device; receipts reach the other person.
        var hello = await aliceHub.InvokeAsync("SendMessage", dm, Send("a DM"));
        await bobHub.InvokeAsync("MarkRead", dm, hello.Seq());
        await bobOnA.WaitForAsync("ReadMarked", r => r.GetProperty("roomId").GetGuid() == dm && r.GetProperty("lastReadSeq").GetInt64() == hello.Seq());
        await aliceHub.WaitForAsync("ReceiptChanged", r => r.GetProperty("userId").GetGuid() == bob.Id && r.GetProperty("lastReadSeq").GetInt64() == hello.Seq());

        // Custom status and presence choice.
        using (var a = alice.Http()) await Expect.Json(await a.PatchAsJsonAsync("/api/me", new { statusText = "on node A" }));
        await bobHub.WaitForAsync("UserUpdated", u => u.Id() == alice.Id && u.GetProperty("statusText").GetString() == "on node A");
        await aliceHub.InvokeAsync("SetPresence", "dnd");
        await SeesPresenceAsync(bobHub, alice.Id, "dnd");

        // Friend events, to both people's own connections.
        var carol = await nodes.B.SignUpAsync("carol", "Carol");
        await using var carolHub = await nodes.B.ConnectAsync(carol);
        using (var a = alice.Http()) await Expect.Json(await a.PostAsJsonAsync("/api/friends/requests", new { userId = carol.Id }), 201);
        await carolHub.WaitForAsync("FriendshipChanged", f => f.GetProperty("userId").GetGuid() == alice.Id && f.GetProperty("state").GetString() == "incoming");
        using (var c = carol.Http()) await Expect.Json(await c.PostAsync($"/api/friends/requests/{alice.Id}/accept", null));
        await aliceHub.WaitForAsync("FriendshipChanged", f => f.GetProperty("userId").GetGuid() == carol.Id && f.GetProperty("state").GetString() == "friends");

        // Joins and leaves are announced across, and move the sockets of the person on the other node: Carol's socket
        // is on B, she joins and leaves over REST on A.
        await On(nodes.A, carol).JoinAsync(room);
        await aliceHub.WaitForAsync("MemberJoined", m => m.GetProperty("member").GetProperty("userId").GetGuid() == carol.Id);
        await carolHub.WaitForAsync("RoomAdded", r => r.GetProperty("room").GetProperty("id").GetGuid() == room);
        var welcome = await aliceHub.InvokeAsync("SendMessage", room, Send("welcome, Carol"));
        await carolHub.WaitForAsync("MessageCreated", m => m.Id() == welcome.Id());
        using (var c = On(nodes.A, carol).Http()) await Expect.Status(await c.PostAsync($"/api/rooms/{room}/leave", null), 204);
        await aliceHub.WaitForAsync("MemberLeft", m => m.GetProperty("member").GetProperty("userId").GetGuid() == carol.Id);
        await carolHub.WaitForAsync("RoomRemoved", r => r.GetProperty("roomId").GetGuid() == room);
        // A room nobody on node B is in yet: B subscribes to it as it moves Carol's socket in.
        var quiet = await alice.CreateRoomAsync();
        await On(nodes.A, carol).JoinAsync(quiet);
        var first = await aliceHub.InvokeAsync("SendMessage", quiet, Send("first on B"));
        await carolHub.WaitForAsync("MessageCreated", m => m.Id() == first.Id());

        Assert.Contains(nodes.A.Logs, l => l.Contains("uploads are kept on this node's own disk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LeavingOverOneNodeStopsTheSocketAndTheSendsOnTheOtherAtOnce()
    {
        RequirePostgres();
        await using var nodes = await TwoNodes.StartAsync();
        await using var across = await RoomAcrossNodes.StartAsync(nodes);
        var (alice, bob, carol, room, aliceHub, bobHub, carolHub) = across;
        // Bob sends through node B: B now remembers he is a member (its send path's cache).
        await bobHub.InvokeAsync("SendMessage", room, Send("still here"));

        // He leaves over REST on node A.
        using (var b = bob.Http()) await Expect.Status(await b.PostAsync($"/api/rooms/{room}/leave", null), 204);
        await bobHub.WaitForAsync("RoomRemoved", r => r.GetProperty("roomId").GetGuid() == room);
        Assert.StartsWith("not_member", HubClient.Reason(await bobHub.InvokeExpectingErrorAsync("SendMessage", room, Send("from a stale cache"))));

        var after = await aliceHub.InvokeAsync("SendMessage", room, Send("after Bob left"));
        await carolHub.WaitForAsync("MessageCreated", m => m.Id() == after.Id());   // node B has handed it out
        await bob.MarkAsync(bobHub);
        Assert.DoesNotContain(bobHub.Events("MessageCreated"), m => m.Id() == after.Id());
    }

    [Fact]
    public async Task ABlockOverOneNodeStopsDirectMessagesSentThroughTheOtherAtOnce()
    {
        RequirePostgres();
        await using var nodes = await TwoNodes.StartAsync();
        var alice = await nodes.A.SignUpAsync("alice", "Alice");
        var mallory = await nodes.A.SignUpAsync("mallory", "Mallory");
        var dm = await mallory.OpenDmAsync(alice);
        await using var malloryHub = await nodes.B.ConnectAsync(On(nodes.B, mallory));
        await malloryHub.InvokeAsync("SendMessage", dm, Send("hi"));   // node B now remembers Mallory may write here

        using (var a = alice.Http()) await Expect.Json(await a.PutAsync($"/api/blocks/{mallory.Id}", null));
        Assert.StartsWith("blocked", HubClient.Reason(await malloryHub.InvokeExpectingErrorAsync("SendMessage", dm, Send("hi again"))));
    }

    [Fact]
    public async Task ASendQueuedOnOneNodeBehindABanWrittenByTheOtherIsRefused()
    {
        RequirePostgres();
        await using var nodes = await TwoNodes.StartAsync();
        var (alice, bob, room) = await nodes.A.AliceAndBobInARoomAsync();
        using var ah = alice.Http();
        using var bh = On(nodes.B, bob).Http();
        await Expect.Json(await bh.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("before")), 201);   // node B knows Bob is in

        // The test holds the room's row: node A's ban waits for it first, then Bob's send through node B, validated
        // while he was still in. PostgreSQL hands the row over in that order.
        Task<HttpResponseMessage> ban, send;
        await using (var hold = await RoomHold.StartAsync(nodes.A, room))
        {
            ban = ah.PutAsJsonAsync($"/api/rooms/{room}/bans/{bob.Id}", new { reason = "spam" });
            await hold.WaitersAsync(1);
            send = bh.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("one more"));
            await hold.WaitersAsync(2);
        }
        await Expect.Json(await ban);
        Assert.Equal("banned", (await Expect.Problem(await send, 403)).GetProperty("code").GetString());
        Assert.DoesNotContain(await alice.MessagesAsync(room), m => m.Text() == "one more");
    }

    [Fact]
    public async Task EndingSessionsOverOneNodeClosesTheirSocketsOnTheOther()
    {
        RequirePostgres();
        await using var nodes = await TwoNodes.StartAsync();
        var lea = await nodes.A.SignUpAsync("lea");
        using var anon = nodes.A.CreateHttpClient();
        var second = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login", new { userName = lea.UserName, password = lea.Password }));
        var otherDevice = lea with { AccessToken = second.GetProperty("accessToken").GetString()! };
        await using var hub = await nodes.B.ConnectAsync(On(nodes.B, lea));
        await using var otherHub = await nodes.B.ConnectAsync(On(nodes.B, otherDevice));

        using (var http = lea.Http()) await Expect.Status(await http.PostAsync("/api/auth/logout", null), 204);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("You signed out.", Assert.Single(hub.Events("SessionEnded")).GetProperty("reason").GetString());
        Assert.False(otherHub.IsClosed);

        using (var http = otherDevice.Http()) await Expect.Status(await http.PostAsync("/api/auth/logout?everywhere=true", null), 204);
        await otherHub.Closed.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("You signed out everywhere.", Assert.Single(otherHub.Events("SessionEnded")).GetProperty("reason").GetString());

        var kim = await nodes.A.SignUpAsync("kim");
        await using var kimHub = await nodes.B.ConnectAsync(On(nodes.B, kim));
        using (var http = kim.Http()) await Expect.Status(await http.PostAsJsonAsync("/api/me/deactivate", new { password = kim.Password }), 204);
        await kimHub.Closed.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("This account was closed.", Assert.Single(kimHub.Events("SessionEnded")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task PresenceCountsTheConnectionsOnEveryNode()
    {
        RequirePostgres();
        var start = DateTimeOffset.UtcNow;
        var clockA = new FakeTimeProvider(start);
        await using var nodes = await TwoNodes.StartAsync(new Dictionary<string, string?> { ["Parley:Presence:OfflineGraceSeconds"] = "2" },
            clockA, new FakeTimeProvider(start));
        var (alice, bob, _) = await nodes.A.AliceAndBobInARoomAsync();
        await using var bobHub = await nodes.B.ConnectAsync(On(nodes.B, bob));
        var tabOnA = await nodes.A.ConnectAsync(alice);
        await using var tabOnB = await nodes.B.ConnectAsync(On(nodes.B, alice));
        await SeesPresenceAsync(bobHub, alice.Id, "online");

        // Idle on B only: her tab on A is still in use.
        await tabOnB.InvokeAsync("SetIdle", true);
        await alice.MarkAsync(bobHub);
        Assert.DoesNotContain(bobHub.Events("PresenceChanged"), e => e.GetProperty("status").GetString() != "online");
        await tabOnA.InvokeAsync("SetIdle", true);
        await SeesPresenceAsync(bobHub, alice.Id, "away");

        // Her tab on A closes and A's grace period runs out: she is still connected on B.
        await tabOnA.DisposeAsync();
        await alice.WaitUntilDisconnectedAsync();
        clockA.Advance(TimeSpan.FromSeconds(3));
        await alice.MarkAsync(bobHub);
        Assert.DoesNotContain(bobHub.Events("PresenceChanged"), e => e.GetProperty("status").GetString() == "offline");
        var asked = (await bobHub.InvokeAsync("GetPresence", new[] { alice.Id })).EnumerateArray().Single();
        Assert.Equal("away", asked.GetProperty("status").GetString());

        // Each node's list of the users it answers for (what a reaper of the node reads) lost her on A only.
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConfigurationString);
        static string UsersOf(ParleyApp node) => "parley:presence:node:" + node.Services.GetRequiredService<Parley.Server.Cluster.ThisNode>().Id;
        // (once A's grace period for her has run out, which the clock advance above starts)
        for (var i = 0; i < 100 && await redis.GetDatabase().SetContainsAsync(UsersOf(nodes.A), alice.Id.ToString("N")); i++) await Task.Delay(50);
        Assert.False(await redis.GetDatabase().SetContainsAsync(UsersOf(nodes.A), alice.Id.ToString("N")));
        Assert.True(await redis.GetDatabase().SetContainsAsync(UsersOf(nodes.B), alice.Id.ToString("N")));
    }

    [Fact]
    public async Task ANodeThatStopsBeatingTakesItsUsersOfflineOnTheOtherWithinExpiryPlusAHeartbeatEachTime()
    {
        RequirePostgres();
        // Node A's clock stands still, as if it were frozen or gone: it doesn't renew its presence.
        var start = DateTimeOffset.UtcNow;
        var clockA = new FakeTimeProvider(start);
        var clockB = new FakeTimeProvider(start);
        await using var nodes = await TwoNodes.StartAsync(clockA: clockA, clockB: clockB);
        var (alice, bob, _) = await nodes.A.AliceAndBobInARoomAsync();
        await using var aliceHub = await nodes.A.ConnectAsync(alice);
        await using var bobHub = await nodes.B.ConnectAsync(On(nodes.B, bob));
        var online = (await bobHub.InvokeAsync("GetPresence", new[] { alice.Id })).EnumerateArray().Single();
        Assert.Equal("online", online.GetProperty("status").GetString());

        // Expiry (45 s) plus one heartbeat (15 s) on node B's clock: B finds A gone and publishes Alice offline.
        clockB.Advance(TimeSpan.FromSeconds(60));
        var offline = await SeesPresenceAsync(bobHub, alice.Id, "offline");
        Assert.NotEqual(JsonValueKind.Null, offline.GetProperty("lastSeenAt").ValueKind);
        var asked = (await bobHub.InvokeAsync("GetPresence", new[] { alice.Id })).EnumerateArray().Single();
        Assert.Equal("offline", asked.GetProperty("status").GetString());

        // A was only late (a starved machine): it beats again, finds itself reaped and writes Alice's connection back.
        clockA.Advance(TimeSpan.FromSeconds(60));
        await LastPresenceIsAsync(bobHub, alice.Id, "online");

        // Then A stops for good, well within the first reap's claim (60 s of Redis' time): B reaps this death too.
        clockB.Advance(TimeSpan.FromSeconds(60));
        await LastPresenceIsAsync(bobHub, alice.Id, "offline");
    }

    [Fact]
    public async Task ANodeStoppedOnPurposeHasItsUsersTakenOfflineAtTheOthersNextHeartbeat()
    {
        RequirePostgres();
        var clockB = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var nodes = await TwoNodes.StartAsync(clockB: clockB);
        var (alice, bob, _) = await nodes.A.AliceAndBobInARoomAsync();
        await using var bobHub = await nodes.B.ConnectAsync(On(nodes.B, bob));
        var aliceHub = await nodes.A.ConnectAsync(alice);
        await SeesPresenceAsync(bobHub, alice.Id, "online");

        await nodes.A.StopServerAsync();
        await aliceHub.DisposeAsync();
        // A marked itself gone at its own (real) time; B's next beat is a heartbeat after that. Advancing B by a
        // heartbeat alone fell short when the steps above took longer than one on a busy machine.
        clockB.Advance(DateTimeOffset.UtcNow - clockB.GetUtcNow() + TimeSpan.FromSeconds(15));
        await SeesPresenceAsync(bobHub, alice.Id, "offline");
    }

    [Fact]
    public async Task NodesStartWithoutRedisAndWorkTogetherOnceItIsThere()
    {
        RequirePostgres();
        await using var nodes = await TwoNodes.StartAsync(redisDown: true);
        var (alice, bob, room) = await nodes.A.AliceAndBobInARoomAsync();   // REST works without Redis
        // …but the load balancer is told to send people elsewhere: the node's clients would hear nothing from the others.
        using var probe = nodes.A.CreateHttpClient();
        var checks = (await Expect.Json(await probe.GetAsync("/healthz/ready"), 503)).GetProperty("checks");
        Assert.Equal("down", checks.GetProperty("redis").GetString());
        Assert.Equal("ok", checks.GetProperty("database").GetString());
        // A new hub connection is refused at negotiate, retryable, instead of being accepted and closed at once.
        using var bobHttp = On(nodes.B, bob).Http();
        var refused = await Expect.Problem(await bobHttp.PostAsync("/hubs/chat/negotiate?negotiateVersion=1", null), 503);
        Assert.Equal("unavailable", refused.GetProperty("code").GetString());

        await nodes.Redis.StartServerAsync();
        await nodes.WaitForRedisAsync();
        Assert.Equal("ok", (await Expect.Json(await probe.GetAsync("/healthz/ready"))).GetProperty("checks").GetProperty("redis").GetString());
        await using var bobHub = await nodes.B.ConnectAsync(On(nodes.B, bob));
        await using var aliceHub = await nodes.A.ConnectAsync(alice);
        var sent = await aliceHub.InvokeAsync("SendMessage", room, Send("Redis is here"));
        await bobHub.WaitForAsync("MessageCreated", m => m.Id() == sent.Id());
        await SeesPresenceAsync(bobHub, alice.Id, "online");
        foreach (var node in new[] { nodes.A, nodes.B })
        {
            Assert.Single(node.Logs, l => l.Contains("can't be reached: this node starts without it", StringComparison.Ordinal));
            Assert.Single(node.Logs, RedisLog.Back);
        }
    }

    [Fact]
    public async Task ALeaveMadeWhileRedisWasAwayIsAppliedOnTheOtherNodeWhenItComesBack()
    {
        RequirePostgres();
        await using var nodes = await TwoNodes.StartAsync();
        await using var across = await RoomAcrossNodes.StartAsync(nodes);
        var (alice, bob, carol, room, aliceHub, bobHub, carolHub) = across;

        await nodes.Redis.StopServerAsync();
        // The leave is stored; telling node B is lost with Redis.
        using (var b = bob.Http()) await Expect.Status(await b.PostAsync($"/api/rooms/{room}/leave", null), 204);
        await nodes.Redis.StartServerAsync();
        await nodes.WaitForRedisAsync();

        // Once B has checked its connections against the database, Bob's socket hears nothing more from the room.
        JsonElement? reached = null;
        for (var i = 0; i < 100 && reached is null; i++)
        {
            var probe = await aliceHub.InvokeAsync("SendMessage", room, Send("probe " + i));
            reached = await carolHub.TryWaitForAsync("MessageCreated", m => m.Id() == probe.Id(), TimeSpan.FromMilliseconds(300)) is null ? null : probe;
            if (reached is not null)
            {
                await bob.MarkAsync(bobHub);
                if (bobHub.Events("MessageCreated").Any(m => m.Id() == probe.Id())) reached = null;
            }
        }
        Assert.NotNull(reached);
        foreach (var node in new[] { nodes.A, nodes.B })
        {
            Assert.Single(node.Logs, l => l.Contains("Lost Redis at", StringComparison.Ordinal));
            Assert.Single(node.Logs, RedisLog.Back);
        }
    }

    // A node writes a room's messages to its own members itself, not when Redis hands them back: so they keep
    // hearing each other while Redis is away, and a leave made there stops the leaver there at once.
    [Fact]
    public async Task PeopleOnOneNodeKeepHearingEachOtherWhileRedisIsAwayAndALeaveThereStopsTheLeaverAtOnce()
    {
        RequirePostgres();
        await using var nodes = await TwoNodes.StartAsync();
        await using var across = await RoomAcrossNodes.StartAsync(nodes);
        var (_, bob, _, room, _, bobHub, carolHub) = across;

        await nodes.Redis.StopServerAsync();
        var sent = await bobHub.InvokeAsync("SendMessage", room, Send("Redis is away"));
        await carolHub.WaitForAsync("MessageCreated", m => m.Id() == sent.Id());

        using (var b = On(nodes.B, bob).Http()) await Expect.Status(await b.PostAsync($"/api/rooms/{room}/leave", null), 204);
        var after = await carolHub.InvokeAsync("SendMessage", room, Send("Bob has gone"));
        await carolHub.WaitForAsync("MessageCreated", m => m.Id() == after.Id());
        await On(nodes.B, bob).MarkAsync(bobHub);   // through B: Redis can't carry it from A
        Assert.DoesNotContain(bobHub.Events("MessageCreated"), m => m.Id() == after.Id());
    }

    /// <summary>Alice on node A; Bob and Carol, in her room, on node B.</summary>
    private sealed record RoomAcrossNodes(TestUser Alice, TestUser Bob, TestUser Carol, Guid Room, HubClient AliceHub, HubClient BobHub, HubClient CarolHub)
        : IAsyncDisposable
    {
        public static async Task<RoomAcrossNodes> StartAsync(TwoNodes nodes)
        {
            var (alice, bob, room) = await nodes.A.AliceAndBobInARoomAsync();
            var carol = await nodes.A.SignUpAsync("carol", "Carol");
            await carol.JoinAsync(room);
            return new(alice, bob, carol, room, await nodes.A.ConnectAsync(alice), await nodes.B.ConnectAsync(On(nodes.B, bob)),
                await nodes.B.ConnectAsync(On(nodes.B, carol)));
        }

        public async ValueTask DisposeAsync()
        {
            await CarolHub.DisposeAsync();
            await BobHub.DisposeAsync();
            await AliceHub.DisposeAsync();
        }
    }
}
