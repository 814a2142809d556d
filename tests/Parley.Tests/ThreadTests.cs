using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Threads: replies on the room's seq/rev, the root's summary, thread pages, following, thread read state, and who may see what.</summary>
public sealed class ThreadTests
{
    private static object Reply(Guid root, string text, bool alsoToRoom = false) =>
        new { clientMessageId = Guid.NewGuid().ToString(), text, threadRootId = root, alsoToRoom };

    private static async Task<JsonElement> ReplyAsync(TestUser u, Guid room, Guid root, string text, bool alsoToRoom = false)
    {
        using var http = u.Http();
        return await Expect.Json(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", Reply(root, text, alsoToRoom)), 201);
    }

    private static async Task<JsonElement> GetAsync(TestUser u, string path, int status = 200)
    {
        using var http = u.Http();
        var res = await http.GetAsync(path);
        return status == 200 ? await Expect.Json(res) : await Expect.Problem(res, status);
    }

    private static async Task<List<JsonElement>> FollowedAsync(TestUser u) =>
        [.. (await GetAsync(u, "/api/threads")).GetProperty("items").EnumerateArray()];

    private static JsonElement Summary(JsonElement message) => message.GetProperty("thread");

    /// <summary>To the millisecond: PostgreSQL keeps microseconds, the acknowledgement the clock's ticks.</summary>
    private static long Ms(JsonElement time) => time.GetDateTime().Ticks / TimeSpan.TicksPerMillisecond;

    [Fact]
    public async Task AThreadReplyTakesTheRoomsSeqAndTheRootsNewCountArrivesLiveAndInCatchUp()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);
        await using var aliceHub = await app.ConnectAsync(alice);
        var root = await alice.PostMessageAsync(room, "lunch?");
        Assert.Equal(JsonValueKind.Null, root.GetProperty("thread").ValueKind);

        var reply = await bobHub.InvokeAsync("SendMessage", room, Reply(root.Id(), "yes"));
        Assert.Equal(root.Seq() + 1, reply.Seq());
        Assert.Equal(root.Id(), reply.GetProperty("threadRootId").GetGuid());
        Assert.False(reply.GetProperty("alsoToRoom").GetBoolean());

        var live = await aliceHub.WaitForAsync("MessageCreated", m => m.Id() == reply.Id());
        Assert.Equal(root.Id(), live.GetProperty("threadRootId").GetGuid());
        var changed = await aliceHub.WaitForAsync("ThreadChanged", e => e.GetProperty("rootId").GetGuid() == root.Id());
        Assert.Equal(reply.GetProperty("rev").GetInt64() + 1, changed.GetProperty("rev").GetInt64());
        Assert.Equal(1, Summary(changed).GetProperty("replyCount").GetInt32());
        Assert.Equal([bob.Id], Summary(changed).GetProperty("participants").EnumerateArray().Select(x => x.GetGuid()));

        // A client that last saw the root catches up on both: the reply and the root with its count.
        var changes = await GetAsync(alice, $"/api/rooms/{room}/changes?sinceRev={root.GetProperty("rev").GetInt64()}");
        var rows = changes.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal([reply.Id(), root.Id()], rows.Select(m => m.Id()));
        Assert.Equal(1, Summary(rows[1]).GetProperty("replyCount").GetInt32());
        Assert.Equal(changed.GetProperty("rev").GetInt64(), changes.GetProperty("lastRev").GetInt64());
    }

    [Fact]
    public async Task TheRoomTimelineLeavesOutThreadRepliesUnlessAlsoSentAndTheThreadPagesItsOwn()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var root = await alice.PostMessageAsync(room, "plan");
        var replies = new List<JsonElement>();
        for (var i = 0; i < 5; i++) replies.Add(await ReplyAsync(bob, room, root.Id(), $"r{i}", alsoToRoom: i == 2));
        var after = await alice.PostMessageAsync(room, "in the room");

        var timeline = await alice.MessagesAsync(room);
        Assert.Contains(timeline, m => m.Id() == root.Id());
        Assert.Contains(timeline, m => m.Id() == after.Id());
        Assert.Equal([replies[2].Id()], timeline.Where(m => m.TryGetProperty("threadRootId", out var t) && t.ValueKind != JsonValueKind.Null).Select(m => m.Id()));
        Assert.Equal(5, Summary(timeline.Single(m => m.Id() == root.Id())).GetProperty("replyCount").GetInt32());

        var latest = await GetAsync(bob, $"/api/rooms/{room}/messages?thread={root.Id()}&limit=3");
        Assert.Equal(["r2", "r3", "r4"], latest.GetProperty("messages").EnumerateArray().Select(m => m.Text()));
        Assert.True(latest.GetProperty("hasMore").GetBoolean());
        var older = await GetAsync(bob, $"/api/rooms/{room}/messages?thread={root.Id()}&before={replies[2].Seq()}");
        Assert.Equal(["r0", "r1"], older.GetProperty("messages").EnumerateArray().Select(m => m.Text()));
        Assert.False(older.GetProperty("hasMore").GetBoolean());
        var newer = await GetAsync(bob, $"/api/rooms/{room}/messages?thread={root.Id()}&after={replies[3].Seq()}");
        Assert.Equal(["r4"], newer.GetProperty("messages").EnumerateArray().Select(m => m.Text()));

    }

    [Fact]
    public async Task ThreadRepliesCountAsRoomUnreadAndAsItsLastMessageOnlyWhenAlsoSentToTheRoom()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var root = await alice.PostMessageAsync(room, "plan");
        await ReplyAsync(bob, room, root.Id(), "only in the thread");
        await ReplyAsync(bob, room, root.Id(), "also in the room", alsoToRoom: true);
        Assert.Equal(1, (await alice.RoomInListAsync(room)).GetProperty("unreadCount").GetInt32());
        // The room list's preview line is the room's last message, never a reply shown in the thread alone.
        await ReplyAsync(bob, room, root.Id(), "quietly in the thread");
        Assert.Equal("also in the room", (await alice.RoomInListAsync(room)).GetProperty("lastMessage").Text());
    }

    [Fact]
    public async Task TheSummaryFollowsRepliesAndDeletes()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.JoinAsync(room);
        await using var aliceHub = await app.ConnectAsync(alice);
        var root = await alice.PostMessageAsync(room, "q");
        var fromBob = await ReplyAsync(bob, room, root.Id(), "a");
        var fromCarol = await ReplyAsync(carol, room, root.Id(), "b");

        var held = (await GetAsync(alice, $"/api/threads/{root.Id()}")).GetProperty("root");
        Assert.Equal(2, Summary(held).GetProperty("replyCount").GetInt32());
        Assert.Equal([carol.Id, bob.Id], Summary(held).GetProperty("participants").EnumerateArray().Select(x => x.GetGuid()));
        Assert.Equal(Ms(fromCarol.GetProperty("createdAt")), Ms(Summary(held).GetProperty("lastReplyAt")));

        using (var http = carol.Http()) await Expect.Status(await http.DeleteAsync($"/api/messages/{fromCarol.Id()}"), 200);
        var changed = await aliceHub.WaitForAsync("ThreadChanged", e => Summary(e).GetProperty("replyCount").GetInt32() == 1);
        Assert.Equal([bob.Id], Summary(changed).GetProperty("participants").EnumerateArray().Select(x => x.GetGuid()));
        Assert.Equal(Ms(fromBob.GetProperty("createdAt")), Ms(Summary(changed).GetProperty("lastReplyAt")));

        using (var http = bob.Http()) await Expect.Status(await http.DeleteAsync($"/api/messages/{fromBob.Id()}"), 200);
        var gone = await aliceHub.WaitForAsync("ThreadChanged", e => Summary(e).ValueKind == JsonValueKind.Null);
        var timelineRoot = (await alice.MessagesAsync(room)).Single(m => m.Id() == root.Id());
        Assert.Equal(JsonValueKind.Null, Summary(timelineRoot).ValueKind);
        Assert.Equal(gone.GetProperty("rev").GetInt64(), timelineRoot.GetProperty("rev").GetInt64());
    }

    [Fact]
    public async Task RepliesGoToTheRootAndOnlyToALiveTextMessageOfTheRoom()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var other = await alice.CreateRoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);
        var root = await alice.PostMessageAsync(room, "root");
        var first = await ReplyAsync(bob, room, root.Id(), "first");

        // A reply to a reply goes to the same root: threads are one level deep.
        var second = await ReplyAsync(alice, room, first.Id(), "second");
        Assert.Equal(root.Id(), second.GetProperty("threadRootId").GetGuid());

        using var http = alice.Http();
        await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{other}/messages", Reply(root.Id(), "elsewhere")), 404);
        await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", Reply(Guid.NewGuid(), "nowhere")), 404);
        var systemLine = (await alice.MessagesAsync(room)).First(m => m.GetProperty("kind").GetString() == "system");
        await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", Reply(systemLine.Id(), "x")), 400, "threadRootId");
        await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages",
            new { clientMessageId = Guid.NewGuid().ToString(), text = "x", alsoToRoom = true }), 400, "alsoToRoom");
        var doomed = await alice.PostMessageAsync(room, "doomed");
        await Expect.Status(await http.DeleteAsync($"/api/messages/{doomed.Id()}"), 200);
        await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", Reply(doomed.Id(), "x")), 400, "threadRootId");
        // The hub answers the same codes.
        Assert.StartsWith("not_found", HubClient.Reason(await bobHub.InvokeExpectingErrorAsync("SendMessage", room, Reply(Guid.NewGuid(), "x"))));
    }

    [Fact]
    public async Task TheAuthorRepliersAndTheMentionedFollowAndAnUnfollowHolds()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        var dave = await app.SignUpAsync("dave", "Dave");
        await carol.JoinAsync(room);
        await dave.JoinAsync(room);
        var root = await alice.PostMessageAsync(room, "root");
        Assert.Empty(await FollowedAsync(alice)); // no thread until someone replies

        await ReplyAsync(bob, room, root.Id(), $"hi @{carol.UserName}");
        Assert.Equal([root.Id()], (await FollowedAsync(alice)).Select(t => t.GetProperty("root").Id()));
        Assert.Equal([root.Id()], (await FollowedAsync(bob)).Select(t => t.GetProperty("root").Id()));
        Assert.Equal([root.Id()], (await FollowedAsync(carol)).Select(t => t.GetProperty("root").Id()));
        Assert.Empty(await FollowedAsync(dave));

        await using var aliceHub = await app.ConnectAsync(alice);
        using (var http = alice.Http())
        {
            var state = await Expect.Json(await http.DeleteAsync($"/api/threads/{root.Id()}/follow"));
            Assert.False(state.GetProperty("following").GetBoolean());
        }
        await aliceHub.WaitForAsync("ThreadStateChanged", e => !e.GetProperty("following").GetBoolean());
        await ReplyAsync(bob, room, root.Id(), "more");
        Assert.Empty(await FollowedAsync(alice));

        using (var http = dave.Http())
            Assert.True((await Expect.Json(await http.PutAsync($"/api/threads/{root.Id()}/follow", null))).GetProperty("following").GetBoolean());
        Assert.Equal([root.Id()], (await FollowedAsync(dave)).Select(t => t.GetProperty("root").Id()));
    }

    [Fact]
    public async Task AnEditThatNewlyMentionsSomeoneMakesThemFollowTheThreadOnceAndCountsAsTheirMention()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        var dave = await app.SignUpAsync("dave", "Dave");
        await carol.JoinAsync(room);
        await dave.JoinAsync(room);
        var root = await alice.PostMessageAsync(room, "root");
        var reply = await ReplyAsync(bob, room, root.Id(), "no one named yet");
        Assert.Empty(await FollowedAsync(carol));
        await using var carolHub = await app.ConnectAsync(carol);
        await using var bobHub = await app.ConnectAsync(bob);
        await using var aliceHub = await app.ConnectAsync(alice);

        await bobHub.InvokeAsync("EditMessage", reply.Id(), new { text = $"cc @{carol.UserName}" });
        var state = await carolHub.WaitForAsync("ThreadStateChanged", e => e.GetProperty("rootId").GetGuid() == root.Id());
        Assert.True(state.GetProperty("following").GetBoolean());
        Assert.Equal(room, state.GetProperty("roomId").GetGuid());
        var followed = Assert.Single(await FollowedAsync(carol));
        Assert.Equal(root.Id(), followed.GetProperty("root").Id());
        Assert.Equal(1, followed.GetProperty("unreadCount").GetInt32());
        Assert.Equal(1, followed.GetProperty("mentionCount").GetInt32());

        // Editing it again, still naming her, neither follows twice nor tells her again.
        await bobHub.InvokeAsync("EditMessage", reply.Id(), new { text = $"cc @{carol.UserName}, again" });
        using (var http = carol.Http())
            await Expect.Json(await http.PostAsJsonAsync($"/api/threads/{root.Id()}/read", new { seq = reply.Seq() }));
        await carolHub.WaitForAsync("ThreadStateChanged", e => e.GetProperty("lastReadSeq").GetInt64() == reply.Seq());
        Assert.Equal(2, carolHub.Events("ThreadStateChanged").Count);
        Assert.Single(await FollowedAsync(carol));

        // Naming someone in a root doesn't start a thread for them; others hear of no one's thread state.
        using (var http = alice.Http())
            await Expect.Json(await http.PatchAsJsonAsync($"/api/messages/{root.Id()}", new { text = $"root @{dave.UserName}" }));
        Assert.Empty(await FollowedAsync(dave));
        Assert.Empty(aliceHub.Events("ThreadStateChanged"));
        Assert.Empty(bobHub.Events("ThreadStateChanged"));
    }

    [Fact]
    public async Task UnreadAndMentionCountsPerThreadGoByTheThreadsReadPosition()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var root = await alice.PostMessageAsync(room, "root");
        var older = await alice.PostMessageAsync(room, "another root");
        await ReplyAsync(bob, room, older.Id(), "on the other");
        var own = await ReplyAsync(bob, room, root.Id(), "mine is read");
        await ReplyAsync(alice, room, root.Id(), "one");
        var last = await ReplyAsync(alice, room, root.Id(), $"two @{bob.UserName}");

        var listed = await FollowedAsync(bob);
        Assert.Equal([root.Id(), older.Id()], listed.Select(t => t.GetProperty("root").Id())); // latest activity first
        Assert.Equal(own.Seq(), listed[0].GetProperty("lastReadSeq").GetInt64());
        Assert.Equal(2, listed[0].GetProperty("unreadCount").GetInt32());
        Assert.Equal(1, listed[0].GetProperty("mentionCount").GetInt32());
        Assert.Equal(0, listed[1].GetProperty("unreadCount").GetInt32());

        using var http = bob.Http();
        var read = await Expect.Json(await http.PostAsJsonAsync($"/api/threads/{root.Id()}/read", new { seq = last.Seq() }));
        Assert.Equal(0, read.GetProperty("unreadCount").GetInt32());
        var after = (await FollowedAsync(bob))[0];
        Assert.Equal(0, after.GetProperty("unreadCount").GetInt32());
        Assert.Equal(0, after.GetProperty("mentionCount").GetInt32());
        // Read positions never go back.
        await Expect.Json(await http.PostAsJsonAsync($"/api/threads/{root.Id()}/read", new { seq = 1 }));
        Assert.Equal(last.Seq(), (await FollowedAsync(bob))[0].GetProperty("lastReadSeq").GetInt64());

        var page = await GetAsync(bob, "/api/threads?limit=1");
        Assert.Single(page.GetProperty("items").EnumerateArray());
        var next = await GetAsync(bob, $"/api/threads?limit=1&before={page.GetProperty("nextBefore").GetString()}");
        Assert.Equal(older.Id(), Assert.Single(next.GetProperty("items").EnumerateArray()).GetProperty("root").Id());
    }

    [Fact]
    public async Task StrangersAndThoseWhoLeftSeeNoThread()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var mallory = await app.SignUpAsync("mallory", "Mallory");
        var room = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(room, bob);
        var root = await alice.PostMessageAsync(room, "secret");
        await ReplyAsync(bob, room, root.Id(), "secret reply");

        await GetAsync(mallory, $"/api/threads/{root.Id()}", 404);
        await GetAsync(mallory, $"/api/rooms/{room}/messages?thread={root.Id()}", 404);
        using (var http = mallory.Http())
        {
            await Expect.Problem(await http.PutAsync($"/api/threads/{root.Id()}/follow", null), 404);
            await Expect.Problem(await http.PostAsJsonAsync($"/api/threads/{root.Id()}/read", new { seq = 5 }), 404);
            await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", Reply(root.Id(), "x")), 404);
        }
        Assert.Empty(await FollowedAsync(mallory));

        Assert.Single(await FollowedAsync(bob));
        using (var http = bob.Http()) await Expect.Status(await http.PostAsync($"/api/rooms/{room}/leave", null), 204);
        Assert.Empty(await FollowedAsync(bob));
        await GetAsync(bob, $"/api/threads/{root.Id()}", 404);
        await GetAsync(bob, $"/api/rooms/{room}/messages?thread={root.Id()}", 404);
    }
}
