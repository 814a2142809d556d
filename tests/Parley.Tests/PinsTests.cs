using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Pins (who may, the list, live and in catch-up), saved messages, edit history and jump to date / first unread.</summary>
public sealed class PinsTests
{
    private static async Task<JsonElement> PinsAsync(TestUser u, Guid room)
    {
        using var http = u.Http();
        return await Expect.Json(await http.GetAsync($"/api/rooms/{room}/pins"));
    }

    private static async Task<HttpResponseMessage> PinAsync(TestUser u, Guid message, bool pin = true)
    {
        using var http = u.Http();
        return pin ? await http.PostAsync($"/api/messages/{message}/pin", null) : await http.DeleteAsync($"/api/messages/{message}/pin");
    }

    private static async Task<string> CodeOf(HttpResponseMessage response, int status) =>
        (await Expect.Problem(response, status)).GetProperty("code").GetString()!;

    [Fact]
    public async Task ModeratorsPinMembersOnlyWhereTheRoomAllowsAndStrangersSeeNothing()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync(); // alice owns the room
        var carol = await app.SignUpAsync("carol");
        var secret = await carol.CreateRoomAsync("carols-secret", "private");
        var hidden = await carol.PostMessageAsync(secret, "carol's own");
        var sent = await bob.PostMessageAsync(room, "pin me");

        Assert.Equal("not_allowed", await CodeOf(await PinAsync(bob, sent.Id()), 403)); // a plain member
        await Expect.Problem(await PinAsync(bob, hidden.Id()), 404); // a room he can't see: nothing to learn
        using (var bh = bob.Http())
            await Expect.Problem(await bh.GetAsync($"/api/rooms/{secret}/pins"), 404);

        // A room moderator pins (and so does its owner); a member may once the room allows it.
        var mod = await app.SignUpAsync("mod");
        await mod.JoinAsync(room);
        using (var ah = alice.Http())
            await Expect.Status(await ah.PutAsJsonAsync($"/api/rooms/{room}/members/{mod.Id}/role", new { role = "moderator" }), 200);
        var pinned = await Expect.Json(await PinAsync(mod, sent.Id()));
        Assert.Equal(mod.Id, pinned.GetProperty("pinnedBy").GetGuid());
        Assert.Equal("not_allowed", await CodeOf(await PinAsync(bob, sent.Id(), pin: false), 403)); // nor unpin
        await Expect.Json(await PinAsync(alice, sent.Id(), pin: false));
        using (var ah = alice.Http())
        {
            var settings = await Expect.Json(await ah.PatchAsJsonAsync($"/api/rooms/{room}", new { membersMayPin = true }));
            Assert.True(settings.GetProperty("membersMayPin").GetBoolean());
        }
        var byBob = await Expect.Json(await PinAsync(bob, sent.Id()));
        Assert.Equal(bob.Id, byBob.GetProperty("pinnedBy").GetGuid());

        // In a DM everyone may pin.
        var dm = await alice.OpenDmAsync(carol);
        var inDm = await alice.PostMessageAsync(dm, "in a dm");
        await Expect.Json(await PinAsync(carol, inDm.Id()));
        Assert.Equal(inDm.Id(), Assert.Single((await PinsAsync(alice, dm)).EnumerateArray()).Id());
    }

    [Fact]
    public async Task APinIsSeenLiveListedNewestFirstWithALineAndCarriedByCatchUp()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var first = await bob.PostMessageAsync(room, "first");
        var second = await bob.PostMessageAsync(room, "second");
        await using var bobHub = await app.ConnectAsync(bob);
        var before = (await bob.RoomInListAsync(room)).GetProperty("room").GetProperty("lastRev").GetInt64();

        await Expect.Json(await PinAsync(alice, first.Id()));
        var live = await bobHub.WaitForAsync("MessagePinned", e => e.GetProperty("messageId").GetGuid() == first.Id());
        Assert.Equal(alice.Id, live.GetProperty("pinnedBy").GetGuid());
        var line = await bobHub.WaitForAsync("MessageCreated", m => m.GetProperty("kind").GetString() == "system");
        Assert.Equal("Alice pinned a message", line.Text());
        await Expect.Json(await PinAsync(alice, second.Id()));

        var pins = (await PinsAsync(bob, room)).EnumerateArray().ToList();
        Assert.Equal([second.Id(), first.Id()], pins.Select(p => p.Id())); // newest pin first
        Assert.Equal(alice.Id, pins[1].GetProperty("pinned").GetProperty("pinnedBy").GetGuid());

        // A client that was away catches up by rev: the pinned message comes back with its pin, then without it.
        using var bh = bob.Http();
        var changes = await Expect.Json(await bh.GetAsync($"/api/rooms/{room}/changes?sinceRev={before}"));
        var changed = changes.GetProperty("messages").EnumerateArray().Single(m => m.Id() == first.Id());
        Assert.Equal(live.GetProperty("rev").GetInt64(), changed.GetProperty("rev").GetInt64());
        Assert.Equal(alice.Id, changed.GetProperty("pinned").GetProperty("pinnedBy").GetGuid());
        var lastRev = changes.GetProperty("lastRev").GetInt64();

        await Expect.Json(await PinAsync(alice, first.Id(), pin: false));
        var unpinned = await bobHub.WaitForAsync("MessagePinned", e => e.GetProperty("messageId").GetGuid() == first.Id()
                                                                       && e.GetProperty("pinnedBy").ValueKind == JsonValueKind.Null);
        var after = await Expect.Json(await bh.GetAsync($"/api/rooms/{room}/changes?sinceRev={lastRev}"));
        var again = Assert.Single(after.GetProperty("messages").EnumerateArray());
        Assert.Equal(unpinned.GetProperty("rev").GetInt64(), again.GetProperty("rev").GetInt64());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("pinned").ValueKind);
        Assert.Equal([second.Id()], (await PinsAsync(bob, room)).EnumerateArray().Select(p => p.Id()));

        // A deleted message leaves the list.
        await using var aliceHub = await app.ConnectAsync(alice);
        await aliceHub.InvokeAsync("DeleteMessage", second.Id());
        Assert.Empty((await PinsAsync(bob, room)).EnumerateArray());
    }

    [Fact]
    public async Task SavedMessagesArePrivatePagedAndNeverShowARoomYouLeft()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var open = await alice.CreateRoomAsync("open");
        await bob.JoinAsync(open);
        var closed = await alice.CreateRoomAsync("closed", "private");
        await alice.InviteAsync(closed, bob);
        var inOpen = new List<JsonElement>();
        for (var i = 0; i < 3; i++) inOpen.Add(await alice.PostMessageAsync(open, $"open {i}"));
        var inClosed = await alice.PostMessageAsync(closed, "private words");
        await using var bobHub = await app.ConnectAsync(bob);
        await using var aliceHub = await app.ConnectAsync(alice);
        using var bh = bob.Http();

        foreach (var m in inOpen) await Expect.Json(await bh.PostAsync($"/api/messages/{m.Id()}/save", null));
        var saved = await Expect.Json(await bh.PostAsync($"/api/messages/{inClosed.Id()}/save", null));
        Assert.NotEqual(JsonValueKind.Null, saved.GetProperty("savedAt").ValueKind);
        await bobHub.WaitForAsync("SavedChanged", e => e.GetProperty("messageId").GetGuid() == inClosed.Id());

        // Newest saved first, two at a time.
        var page1 = await Expect.Json(await bh.GetAsync("/api/saved?limit=2"));
        var page2 = await Expect.Json(await bh.GetAsync($"/api/saved?limit=2&before={page1.GetProperty("nextBefore").GetString()}"));
        var all = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray())
            .Select(x => x.GetProperty("message").Id()).ToList();
        Assert.Equal([inClosed.Id(), inOpen[2].Id(), inOpen[1].Id(), inOpen[0].Id()], all);
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextBefore").ValueKind);
        // Private: Alice's list is empty, and her tabs heard nothing of Bob's saves.
        using (var ah = alice.Http())
            Assert.Empty((await Expect.Json(await ah.GetAsync("/api/saved"))).GetProperty("items").EnumerateArray());

        // Bob leaves the private room: its message leaves his list (the public room's stay: he may still read them).
        await Expect.Status(await bh.PostAsync($"/api/rooms/{closed}/leave", null), 204);
        await Expect.Status(await bh.PostAsync($"/api/rooms/{open}/leave", null), 204);
        var now = (await Expect.Json(await bh.GetAsync("/api/saved"))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([inOpen[2].Id(), inOpen[1].Id(), inOpen[0].Id()], now.Select(x => x.GetProperty("message").Id()));
        Assert.DoesNotContain("private words", now.Select(x => x.GetProperty("message").Text()));
        await Expect.Problem(await bh.PostAsync($"/api/messages/{inClosed.Id()}/save", null), 404);

        // Unsaving, and a deleted message, take them off the list.
        await Expect.Json(await bh.DeleteAsync($"/api/messages/{inOpen[0].Id()}/save"));
        await aliceHub.InvokeAsync("DeleteMessage", inOpen[1].Id());
        var left = (await Expect.Json(await bh.GetAsync("/api/saved"))).GetProperty("items").EnumerateArray();
        Assert.Equal([inOpen[2].Id()], left.Select(x => x.GetProperty("message").Id()));
        Assert.Empty(aliceHub.Events("SavedChanged"));
    }

    [Fact]
    public async Task EditsKeepTheirEarlierTextsForReadersUntilTheMessageIsDeleted()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol");
        var secret = await alice.CreateRoomAsync("secret", "private");
        var hidden = await alice.PostMessageAsync(secret, "hidden");
        await using var aliceHub = await app.ConnectAsync(alice);
        var sent = await alice.PostMessageAsync(room, "first words");
        await aliceHub.InvokeAsync("EditMessage", sent.Id(), new { text = "second words" });
        await aliceHub.InvokeAsync("EditMessage", sent.Id(), new { text = "third words" });
        var stored = (await bob.MessagesAsync(room)).Single(m => m.Id() == sent.Id()); // times as stored (PostgreSQL keeps µs)

        using var bh = bob.Http();
        var versions = (await Expect.Json(await bh.GetAsync($"/api/messages/{sent.Id()}/versions"))).EnumerateArray().ToList();
        Assert.Equal(["first words", "second words", "third words"], versions.Select(v => v.Text()));
        Assert.Equal([1, 2, 3], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal([false, false, true], versions.Select(v => v.GetProperty("current").GetBoolean()));
        Assert.Equal(stored.GetProperty("createdAt").GetDateTime(), versions[0].GetProperty("editedAt").GetDateTime());
        Assert.Equal(stored.GetProperty("editedAt").GetDateTime(), versions[2].GetProperty("editedAt").GetDateTime());

        using (var ch = carol.Http())
            await Expect.Problem(await ch.GetAsync($"/api/messages/{hidden.Id()}/versions"), 404); // a private room's
        await aliceHub.InvokeAsync("DeleteMessage", sent.Id());
        await Expect.Problem(await bh.GetAsync($"/api/messages/{sent.Id()}/versions"), 404);
        await using var db = app.OpenDb();
        Assert.Equal(0, db.Set<Parley.Server.Messages.MessageVersion>().Count(v => v.MessageId == sent.Id()));
    }

    [Fact]
    public async Task JumpToDateGivesThePageAroundTheFirstMessageAtOrAfterThatTime()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var room = await alice.CreateRoomAsync(); // seq 1
        var sent = new List<JsonElement>();
        for (var i = 0; i < 20; i++) sent.Add(await alice.PostMessageAsync(room, $"m{i}")); // seq i+2
        // As if written ten minutes apart: seq 1 at start, m{i} at start + 10(i+1) minutes.
        var start = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        await using (var db = app.OpenDb())
        {
            foreach (var m in await db.Messages.Where(x => x.RoomId == room).ToListAsync(TestContext.Current.CancellationToken))
                m.CreatedAt = start.UtcDateTime.AddMinutes(10 * (m.Seq - 1));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        using var h = alice.Http();
        string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

        // Between m4 (50 min) and m5 (60 min): m5 is the target, 3 before it and 3 from it on.
        var page = await Expect.Json(await h.GetAsync($"/api/rooms/{room}/messages/at?time={At(start.AddMinutes(55))}&limit=6"));
        Assert.Equal(sent[5].Id(), page.GetProperty("targetId").GetGuid());
        Assert.Equal(["m2", "m3", "m4", "m5", "m6", "m7"], page.GetProperty("messages").EnumerateArray().Select(m => m.Text()));
        Assert.True(page.GetProperty("hasOlder").GetBoolean());
        Assert.True(page.GetProperty("hasNewer").GetBoolean());
        // The same instant written with an offset.
        var offset = await Expect.Json(await h.GetAsync($"/api/rooms/{room}/messages/at?time={At(start.AddMinutes(60).ToOffset(TimeSpan.FromHours(2)))}&limit=6"));
        Assert.Equal(sent[5].Id(), offset.GetProperty("targetId").GetGuid());

        // Before the room began: its first page, nothing older.
        var early = await Expect.Json(await h.GetAsync($"/api/rooms/{room}/messages/at?time={At(start.AddDays(-3))}&limit=6"));
        Assert.Equal(1, early.GetProperty("targetSeq").GetInt64());
        Assert.False(early.GetProperty("hasOlder").GetBoolean());
        Assert.Equal([1L, 2, 3, 4, 5, 6], early.GetProperty("messages").EnumerateArray().Select(m => m.Seq()));
        // After the last message: no target, the latest page.
        var late = await Expect.Json(await h.GetAsync($"/api/rooms/{room}/messages/at?time={At(start.AddDays(1))}&limit=6"));
        Assert.Equal(JsonValueKind.Null, late.GetProperty("targetId").ValueKind);
        Assert.False(late.GetProperty("hasNewer").GetBoolean());
        Assert.Equal(["m14", "m15", "m16", "m17", "m18", "m19"], late.GetProperty("messages").EnumerateArray().Select(m => m.Text()));
        // By seq (first unread), at the very end: the older side fills the page.
        var bySeq = await Expect.Json(await h.GetAsync($"/api/rooms/{room}/messages/at?seq=21&limit=6"));
        Assert.Equal(sent[19].Id(), bySeq.GetProperty("targetId").GetGuid());
        Assert.False(bySeq.GetProperty("hasNewer").GetBoolean());
        Assert.True(bySeq.GetProperty("hasOlder").GetBoolean());
        Assert.Equal(["m14", "m15", "m16", "m17", "m18", "m19"], bySeq.GetProperty("messages").EnumerateArray().Select(m => m.Text()));

        await Expect.Problem(await h.GetAsync($"/api/rooms/{room}/messages/at"), 400, "time");
        var stranger = await app.SignUpAsync("zed");
        var secret = await stranger.CreateRoomAsync("zeds", "private");
        await Expect.Problem(await h.GetAsync($"/api/rooms/{secret}/messages/at?seq=1"), 404);
    }
}
