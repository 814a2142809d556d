using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

/// <summary>History pages, catch-up after a disconnect, change replay by rev, and surviving a restart.</summary>
public sealed class HistoryAndRecoveryTests
{
    [Fact]
    public async Task HistoryPagesBackwardsAndForwardsBySeq()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var room = await alice.CreateRoomAsync(); // seq 1 is the "created" line
        for (var i = 1; i <= 120; i++) await alice.PostMessageAsync(room, $"m{i}");

        var latest = await alice.HistoryAsync(room);
        var page = latest.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(50, page.Count);
        Assert.True(latest.GetProperty("hasMore").GetBoolean());
        Assert.Equal(Enumerable.Range(72, 50).Select(x => (long)x), page.Select(m => m.Seq()));
        Assert.Equal("m120", page[^1].Text());

        var older = await alice.HistoryAsync(room, $"?before={page[0].Seq()}&limit=100");
        var olderPage = older.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(71, olderPage.Count);
        Assert.False(older.GetProperty("hasMore").GetBoolean());
        Assert.Equal(1, olderPage[0].Seq());

        var after = await alice.HistoryAsync(room, "?after=100&limit=10");
        Assert.Equal(Enumerable.Range(101, 10).Select(x => (long)x), after.GetProperty("messages").EnumerateArray().Select(m => m.Seq()));
        Assert.True(after.GetProperty("hasMore").GetBoolean());
        Assert.False((await alice.HistoryAsync(room, "?after=121")).GetProperty("hasMore").GetBoolean());

        using var h = alice.Http();
        await Expect.Problem(await h.GetAsync($"/api/rooms/{room}/messages?limit=0"), 400, "limit");
        await Expect.Problem(await h.GetAsync($"/api/rooms/{room}/messages?limit=101"), 400, "limit");
        await Expect.Problem(await h.GetAsync($"/api/rooms/{room}/messages?before=0"), 400, "before");
        await Expect.Problem(await h.GetAsync($"/api/rooms/{room}/messages?before=5&after=2"), 400, "before");
        await Expect.Status(await h.GetAsync($"/api/rooms/{room}/messages?before=abc"), 400);
        await Expect.Status(await h.GetAsync($"/api/rooms/{room}/messages?after=99999999999999999999999"), 400);
    }

    [Fact]
    public async Task AfterADisconnectTheClientFetchesExactlyWhatItMissed()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        var b = await app.ConnectAsync(bob);

        var seen = await a.InvokeAsync("SendMessage", room, Send("before the drop"));
        await b.WaitForAsync("MessageCreated", m => m.Id() == seen.Id());
        var lastSeen = b.Events("MessageCreated").Max(m => m.Seq());
        b.Abort();
        await b.DisposeAsync();

        var missed = new List<long>();
        for (var i = 0; i < 30; i++) missed.Add((await a.InvokeAsync("SendMessage", room, Send($"while away {i}"))).Seq());

        await using var again = await app.ConnectAsync(bob);
        var caught = await bob.MessagesAsync(room, $"?after={lastSeen}&limit=100");
        Assert.Equal(missed, caught.Select(m => m.Seq()));
        Assert.Equal("while away 0", caught[0].Text());

        // And live delivery resumes on the new connection.
        var live = await a.InvokeAsync("SendMessage", room, Send("welcome back"));
        await again.WaitForAsync("MessageCreated", m => m.Id() == live.Id());
    }

    [Fact]
    public async Task HistoryPagesCarryReactionsRepliesAndFilesExactlyAsChangesDo()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room);
        var first = await alice.PostMessageAsync(room, "first");
        for (var i = 0; i < 3; i++) await alice.PostMessageAsync(room, $"filler {i}");
        var png = await alice.UploadAsync(TestFiles.Png(4, 3), "a.png", "image/png");
        var doc = await alice.UploadAsync("hello"u8.ToArray(), "b.txt", "text/plain");
        using var a = alice.Http();
        using var b = bob.Http();
        var withFiles = await Expect.Json(await a.PostAsJsonAsync($"/api/rooms/{room}/messages",
            new { clientMessageId = "files", text = "two files", fileIds = new[] { png.Id(), doc.Id() } }), 201);
        var reply = await Expect.Json(await b.PostAsJsonAsync($"/api/rooms/{room}/messages",
            new { clientMessageId = "reply", text = "answering the first", replyToId = first.Id() }), 201);
        var gone = await alice.PostMessageAsync(room, "soon deleted");
        var last = await alice.PostMessageAsync(room, "last");
        foreach (var (who, id, emoji) in new[] { (a, withFiles.Id(), "👍"), (b, withFiles.Id(), "👍"), (b, reply.Id(), "🎉"), (a, gone.Id(), "🔥") })
            await Expect.Status(await who.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji }), 200);
        await Expect.Status(await a.DeleteAsync($"/api/messages/{gone.Id()}"), 200);

        // Every page shape (before, after, latest) gives each message exactly as the id-based replay does.
        var replay = (await Expect.Json(await b.GetAsync($"/api/rooms/{room}/changes?sinceRev=0"))).GetProperty("messages")
            .EnumerateArray().ToDictionary(m => m.Id(), m => m.GetRawText());
        var f = withFiles.Seq();
        Assert.Equal(last.Seq(), f + 3);
        foreach (var query in new[] { $"?before={f + 3}&limit=4", $"?after={f - 1}&limit=3", "?limit=5", $"?before={first.Seq() + 1}&limit=100", "" })
        {
            var page = await bob.MessagesAsync(room, query);
            Assert.NotEmpty(page);
            foreach (var m in page) Assert.Equal(replay[m.Id()], m.GetRawText());
        }

        var shown = (await bob.MessagesAsync(room, $"?before={f + 3}&limit=4")).ToDictionary(m => m.Seq() - f);
        Assert.Equal([-1L, 0, 1, 2], shown.Keys);
        var files = shown[0].GetProperty("files").EnumerateArray().ToList();
        Assert.Equal([png.Id(), doc.Id()], files.Select(f => f.Id()));
        var thumbs = Assert.Single(shown[0].GetProperty("reactions").EnumerateArray());
        Assert.Equal(2, thumbs.GetProperty("count").GetInt32());
        Assert.Equal("first", shown[1].GetProperty("replyTo").GetProperty("text").GetString()); // quoted from outside the page
        Assert.Single(shown[1].GetProperty("reactions").EnumerateArray());
        Assert.Empty(shown[2].GetProperty("reactions").EnumerateArray()); // deleted: no reactions
        Assert.Empty(shown[-1].GetProperty("files").EnumerateArray());
    }

    [Fact]
    public async Task HistoryShowsReactionsAsTheyAreAfterTheLastIsRemovedAndOneComesBack()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room);
        var once = await alice.PostMessageAsync(room, "reacted, then not");
        var again = await alice.PostMessageAsync(room, "reacted, not, again");
        using var b = bob.Http();
        foreach (var (id, emoji) in new[] { (once.Id(), "👀"), (once.Id(), "👀"), (again.Id(), "🎉"), (again.Id(), "🎉"), (again.Id(), "🚀") })
            await Expect.Status(await b.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji }), 200);

        var page = (await alice.MessagesAsync(room, "?limit=2")).ToDictionary(m => m.Id());
        Assert.Empty(page[once.Id()].GetProperty("reactions").EnumerateArray());
        var rocket = Assert.Single(page[again.Id()].GetProperty("reactions").EnumerateArray());
        Assert.Equal("🚀", rocket.GetProperty("emoji").GetString());
    }

    [Fact]
    public async Task ChangesSinceARevIncludeEditsDeletesAndReactions()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var room = await alice.CreateRoomAsync();
        await using var a = await app.ConnectAsync(alice);
        var one = await a.InvokeAsync("SendMessage", room, Send("one"));
        var two = await a.InvokeAsync("SendMessage", room, Send("two"));
        var since = two.GetProperty("rev").GetInt64();

        await a.InvokeAsync("EditMessage", one.Id(), new { text = "one, edited" });
        await a.InvokeAsync("ToggleReaction", two.Id(), "🔥");
        var three = await a.InvokeAsync("SendMessage", room, Send("three"));
        await a.InvokeAsync("DeleteMessage", two.Id());

        using var h = alice.Http();
        var changes = await Expect.Json(await h.GetAsync($"/api/rooms/{room}/changes?sinceRev={since}"));
        Assert.False(changes.GetProperty("resyncRequired").GetBoolean());
        var rows = changes.GetProperty("messages").EnumerateArray().ToList();
        // Each changed message once, at its latest state, in rev order.
        Assert.Equal([one.Id(), three.Id(), two.Id()], rows.Select(m => m.Id()));
        Assert.Equal("one, edited", rows[0].Text());
        Assert.NotEqual(JsonValueKind.Null, rows[2].GetProperty("deletedAt").ValueKind);
        Assert.Equal(rows[^1].GetProperty("rev").GetInt64(), changes.GetProperty("lastRev").GetInt64());

        // Nothing new: an empty answer at the same rev.
        var none = await Expect.Json(await h.GetAsync($"/api/rooms/{room}/changes?sinceRev={changes.GetProperty("lastRev").GetInt64()}"));
        Assert.Empty(none.GetProperty("messages").EnumerateArray());

        // The hub's Sync answers for many rooms at once and leaves out rooms the caller can't read.
        var other = await (await app.SignUpAsync("zed")).CreateRoomAsync("zeds-private", "private");
        var synced = await a.InvokeAsync("Sync", new Dictionary<string, long> { [room.ToString()] = since, [other.ToString()] = 0 });
        var only = Assert.Single(synced.EnumerateArray());
        Assert.Equal(room, only.GetProperty("roomId").GetGuid());
        Assert.Equal(3, only.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task ASyncPastItsBudgetSaysMoreForTheRestAndTheirChangesComeOverRest()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Hub:SyncMessages"] = "10" });
        var alice = await app.SignUpAsync("alice");
        var rooms = new List<Guid>();
        for (var r = 0; r < 3; r++)
        {
            var room = await alice.CreateRoomAsync($"busy-{r}");
            for (var i = 0; i < 8; i++) await alice.PostMessageAsync(room, $"{r}.{i}");
            rooms.Add(room);
        }
        var hidden = await (await app.SignUpAsync("zed")).CreateRoomAsync("zeds-private", "private");
        await using var a = await app.ConnectAsync(alice);

        var revs = rooms.ToDictionary(r => r.ToString(), _ => 1L);
        revs[hidden.ToString()] = 0;
        var pages = (await a.InvokeAsync("Sync", revs)).EnumerateArray().ToDictionary(p => p.GetProperty("roomId").GetGuid());
        // Rooms are answered in full until ten messages are in; the rest say "more" from where the client is, and
        // a room the caller can't read is left out as before.
        Assert.Equal(rooms.ToHashSet(), pages.Keys.ToHashSet());
        var full = pages.Values.Where(p => p.GetProperty("messages").GetArrayLength() > 0).ToList();
        var deferred = pages.Values.Where(p => p.GetProperty("messages").GetArrayLength() == 0).ToList();
        Assert.Equal(2, full.Count);
        var rest = Assert.Single(deferred);
        Assert.True(rest.GetProperty("hasMore").GetBoolean());
        Assert.Equal(1, rest.GetProperty("lastRev").GetInt64());
        using var h = alice.Http();
        var paged = await Expect.Json(await h.GetAsync($"/api/rooms/{rest.GetProperty("roomId").GetGuid()}/changes?sinceRev=1"));
        Assert.Equal(8, paged.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("kind").GetString() == "text"));
    }

    [Fact]
    public async Task TooLargeAGapAsksTheClientToResync()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Messages:MaxReplayChanges"] = "5" });
        var alice = await app.SignUpAsync("alice");
        var room = await alice.CreateRoomAsync();
        for (var i = 0; i < 10; i++) await alice.PostMessageAsync(room, "x" + i);
        using var h = alice.Http();
        var answer = await Expect.Json(await h.GetAsync($"/api/rooms/{room}/changes?sinceRev=1"));
        Assert.True(answer.GetProperty("resyncRequired").GetBoolean());
        Assert.Empty(answer.GetProperty("messages").EnumerateArray());
        Assert.Equal(11, answer.GetProperty("lastRev").GetInt64());
        Assert.False((await Expect.Json(await h.GetAsync($"/api/rooms/{room}/changes?sinceRev=8"))).GetProperty("resyncRequired").GetBoolean());
        // A client that claims to be ahead of the server (a restored backup) is told to start over too.
        Assert.True((await Expect.Json(await h.GetAsync($"/api/rooms/{room}/changes?sinceRev=500"))).GetProperty("resyncRequired").GetBoolean());
    }

    [Fact]
    public async Task ARestartKeepsAccountsRoomsHistoryAndSignIns()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var room = await alice.CreateRoomAsync("persistent", "private");
        await alice.InviteAsync(room, bob);
        JsonElement sent;
        await using (var a = await app.ConnectAsync(alice))
            sent = await a.InvokeAsync("SendMessage", room, Send("remember me", "before-restart"));

        await app.RestartAsync();

        // The same tokens still work (their keys are in the database), the room and its history are there.
        var history = await bob.MessagesAsync(room);
        Assert.Contains(history, m => m.Id() == sent.Id() && m.Text() == "remember me");
        Assert.Equal("member", (await bob.RoomInListAsync(room)).GetProperty("role").GetString());
        using var anon = app.CreateHttpClient();
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/login", new { userName = alice.UserName, password = alice.Password }), 200);

        // A send retried after the restart with the same client id returns the stored message, sends beside it (in the
        // same batch, as it happens) are stored, and seq carries on without a gap.
        await using var a2 = await app.ConnectAsync(alice);
        await using var b2 = await app.ConnectAsync(bob);
        var calls = new[] { a2.InvokeAsync("SendMessage", room, Send("remember me (retry)", "before-restart")) }
            .Concat(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? a2 : b2).InvokeAsync("SendMessage", room, Send($"after restart {i}"))))
            .ToList();
        var answers = await Task.WhenAll(calls);
        Assert.Equal(sent.Id(), answers[0].Id());
        Assert.Equal(Enumerable.Range(1, 6).Select(i => history.Max(m => m.Seq()) + i), answers[1..].Select(m => m.Seq()).Order());
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ClientMessageId == "before-restart"));
        Assert.Equal(history.Count + 6, await db.Messages.CountAsync(m => m.RoomId == room));
    }

    [Fact]
    public async Task ABadSendChangesNothing()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var room = await alice.CreateRoomAsync();
        using var h = alice.Http();
        async Task<long> LastSeq() { await using var db = app.OpenDb(); return (await db.Rooms.SingleAsync(r => r.Id == room)).LastSeq; }
        var seq = await LastSeq();

        await Expect.Problem(await h.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "c", text = "" }), 400, "text");
        await Expect.Problem(await h.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "c", text = new string('x', 4001) }), 413, "text");
        await Expect.Problem(await h.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "c", text = "nul\0byte" }), 400, "text");
        await Expect.Problem(await h.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "no id" }), 400, "clientMessageId");
        await Expect.Problem(await h.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = new string('c', 65), text = "x" }), 400, "clientMessageId");
        await Expect.Problem(await h.PostAsJsonAsync($"/api/rooms/{Guid.NewGuid()}/messages", new { clientMessageId = "c", text = "x" }), 404);
        await Expect.Problem(await h.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "c", text = "x", replyToId = Guid.NewGuid() }), 400, "replyToId");
        await Expect.Status(await h.PostAsync($"/api/rooms/{room}/messages", new StringContent("""{"clientMessageId": 5, "text": [1]}""", System.Text.Encoding.UTF8, "application/json")), 400);

        Assert.Equal(seq, await LastSeq());
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.Messages.CountAsync(m => m.Kind == Parley.Server.Messages.MessageKind.Text));
        // Exactly 4,000 characters is fine, and CRLF is stored as LF.
        var max = await alice.PostMessageAsync(room, new string('y', 3998) + "\r\n");
        Assert.Equal(3999, max.Text().Length);
    }
}
