using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Data;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

/// <summary>Live messaging over the hub: acknowledgements, fan-out to members only, edits, deletes, reactions, replies, typing.</summary>
public sealed class MessagingTests
{
    [Fact]
    public async Task SendsWrittenTogetherKeepEachOnesReplyMentionsAndReadPosition()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var other = await alice.CreateRoomAsync("other");
        await bob.JoinAsync(other);
        var question = await alice.PostMessageAsync(room, "a question");
        // A connection's calls run one at a time: several tabs each, so the group commit finds many sends waiting.
        var tabs = new List<(TestUser User, HubClient Hub)>();
        for (var i = 0; i < 6; i++) tabs.Add((i < 4 ? alice : bob, await app.ConnectAsync(i < 4 ? alice : bob)));

        var sends = tabs.Select(async (tab, t) =>
        {
            var acks = new List<(Guid Room, string Text, Guid? ReplyTo, bool MentionsBob, JsonElement Ack)>();
            for (var i = 0; i < 5; i++)
            {
                var (to, mentions, reply) = (t % 2 == 0 ? room : other, tab.User == alice && i % 2 == 0, i == 3 && t % 2 == 0 ? question.Id() : (Guid?)null);
                var text = $"tab {t} #{i}" + (mentions ? $" @{bob.UserName}" : "");
                acks.Add((to, text, reply, mentions, await tab.Hub.InvokeAsync("SendMessage", to, Send(text, replyToId: reply))));
            }
            return acks;
        });
        var sent = (await Task.WhenAll(sends)).SelectMany(a => a).ToList();

        // The point of the test: some were written in one batch (a batch's messages share their time).
        Assert.Contains(sent.GroupBy(s => s.Ack.GetProperty("createdAt").GetString()), g => g.Count() > 1);
        var stored = (await bob.MessagesAsync(room, "?limit=100")).Concat(await bob.MessagesAsync(other, "?limit=100")).ToDictionary(m => m.Id());
        foreach (var s in sent)
        {
            var row = stored[s.Ack.Id()];
            Assert.Equal(s.Text, row.Text());
            Assert.Equal(s.Ack.Seq(), row.Seq());
            Assert.Equal(s.ReplyTo, row.GetProperty("replyTo") is { ValueKind: JsonValueKind.Object } q ? q.Id() : null);
            Assert.Equal(s.MentionsBob ? [bob.Id] : [], row.GetProperty("mentions").EnumerateArray().Select(x => x.GetGuid()).ToArray());
        }
        using var http = bob.Http();
        var mentioned = await Expect.Json(await http.GetAsync("/api/mentions?limit=100"));
        Assert.Equal(sent.Where(s => s.MentionsBob).Select(s => s.Ack.Id()).Order(),
            mentioned.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("message").Id()).Order());
        await using var db = app.OpenDb();
        foreach (var (user, inRoom) in new[] { (alice, room), (alice, other), (bob, room), (bob, other) })
        {
            var own = sent.Where(s => s.Room == inRoom && s.Ack.GetProperty("senderId").GetGuid() == user.Id).Max(s => s.Ack.Seq());
            Assert.Equal(own, (await db.RoomMembers.AsNoTracking().SingleAsync(m => m.RoomId == inRoom && m.UserId == user.Id)).LastReadSeq);
        }
        foreach (var (_, hub) in tabs) await hub.DisposeAsync();
    }

    [Fact]
    public async Task OnPostgresTheWriterKeepsOneConnectionOfItsOwnBatchAfterBatch()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "PostgreSQL's backends: runs in the PostgreSQL suite.");
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var db = app.OpenDb();
        var writerName = new Npgsql.NpgsqlConnectionStringBuilder(WriterContexts.PostgresConnection(db.Database.GetConnectionString()!)).ApplicationName;
        var tabs = new List<HubClient>();
        for (var i = 0; i < 4; i++) tabs.Add(await app.ConnectAsync(i % 2 == 0 ? alice : bob));

        var sent = 12;
        for (var round = 0; round < 3; round++)
        {
            // Requests in the same moments fill the shared pool with idle connections, which it hands out oldest first.
            await Task.WhenAll(tabs.Select((tab, t) => tab.InvokeAsync("SendMessage", room, Send($"round {round} tab {t}")))
                .Concat(Enumerable.Range(0, 6).Select(_ => (Task)bob.MessagesAsync(room, "?limit=5"))));
            // One writer, one connection of its own, kept from batch to batch: from the shared pool there would be none
            // under the writer's name, and without reuse one a batch. Tests running beside this one may clear every pool
            // (an outage test does), after which the writer opens its one connection again: the old backend's exit is
            // awaited, not counted. A clear after the round's last write leaves no writer's backend until the next write,
            // so where none shows, one more message is sent (without the writer's own pool none would ever show).
            var writers = new List<int>();
            for (var wait = 0; wait < 50 && writers.Count != 1; wait++)
            {
                if (wait > 0) await Task.Delay(100);
                if (wait % 10 == 9 && writers.Count == 0)
                {
                    await tabs[0].InvokeAsync("SendMessage", room, Send($"round {round} again"));
                    sent++;
                }
                writers = await db.Database.SqlQuery<int>(
                    $"SELECT pid AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND application_name = {writerName}").ToListAsync();
            }
            Assert.True(writers.Count == 1, $"round {round}: {writers.Count} backends under the writer's name");
        }
        Assert.Equal(sent, (await bob.MessagesAsync(room, "?limit=50")).Count(m => m.Text().StartsWith("round ", StringComparison.Ordinal)));
        foreach (var tab in tabs) await tab.DisposeAsync();
    }

    [Fact]
    public async Task TwoUsersChatLiveAndAStrangerSeesNothing()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var eve = await app.SignUpAsync("eve");
        var room = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(room, bob);

        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var e = await app.ConnectAsync(eve);

        var ack = await a.InvokeAsync("SendMessage", room, Send("hi bob", "a-1"));
        Assert.Equal("hi bob", ack.Text());
        Assert.Equal(alice.Id, ack.GetProperty("senderId").GetGuid());
        Assert.Equal("a-1", ack.GetProperty("clientMessageId").GetString());
        var got = await b.WaitForAsync("MessageCreated", m => m.Id() == ack.Id());
        Assert.Equal(ack.Seq(), got.Seq());

        var reply = await b.InvokeAsync("SendMessage", room, Send("hi alice"));
        await a.WaitForAsync("MessageCreated", m => m.Id() == reply.Id());
        Assert.Equal(ack.Seq() + 1, reply.Seq());

        // Eve is in no shared room: no event, no history, and the room does not exist for her.
        await eve.MarkAsync(e);
        Assert.DoesNotContain(e.AllTargets(), t => t is not ("PresenceChanged" or "UserUpdated"));
        Assert.All(e.Events("PresenceChanged"), p => Assert.Equal(eve.Id, p.GetProperty("userId").GetGuid())); // only her own
        Assert.All(e.Events("UserUpdated"), u => Assert.Equal(eve.Id, u.Id())); // the marker
        using var eh = eve.Http();
        await Expect.Problem(await eh.GetAsync($"/api/rooms/{room}/messages"), 404);
        await Expect.Problem(await eh.GetAsync($"/api/rooms/{room}"), 404);
        var err = await e.InvokeExpectingErrorAsync("SendMessage", room, Send("let me in"));
        Assert.Contains("not found", err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EveryTabOfEveryMemberReceives()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a1 = await app.ConnectAsync(alice);
        await using var a2 = await app.ConnectAsync(alice);
        await using var b1 = await app.ConnectAsync(bob);
        await using var b2 = await app.ConnectAsync(bob, Transport.LongPolling);

        var sent = await a1.InvokeAsync("SendMessage", room, Send("to every tab"));
        foreach (var c in new[] { a1, a2, b1, b2 })
            Assert.Equal("to every tab", (await c.WaitForAsync("MessageCreated", m => m.Id() == sent.Id())).Text());
    }

    [Fact]
    public async Task ARetriedSendReturnsTheStoredMessageAndBroadcastsNothingNew()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);

        var first = await a.InvokeAsync("SendMessage", room, Send("original", "retry-me"));
        var again = await a.InvokeAsync("SendMessage", room, Send("a different body", "retry-me"));
        Assert.Equal(first.Id(), again.Id());
        Assert.Equal("original", again.Text());
        Assert.Equal(first.Seq(), again.Seq());

        // Over REST too (the bot path): 200 with the same message, not 201.
        using var http = alice.Http();
        var rest = await Expect.Json(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "retry-me", text = "third body" }));
        Assert.Equal(first.Id(), rest.Id());

        // Bob saw it exactly once; the database holds one row.
        var marker = await a.InvokeAsync("SendMessage", room, Send("marker"));
        await b.WaitForAsync("MessageCreated", m => m.Id() == marker.Id());
        Assert.Single(b.Events("MessageCreated"), m => m.Id() == first.Id());
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ClientMessageId == "retry-me"));

        // The same client id from another user is another message (ids are unique per sender).
        var bobs = await b.InvokeAsync("SendMessage", room, Send("bob's own", "retry-me"));
        Assert.NotEqual(first.Id(), bobs.Id());
        // Reused for another room, it is a mistake, not a retry: refused, and the first message is not disclosed.
        var elsewhere = await alice.CreateRoomAsync();
        var reuse = await a.InvokeExpectingErrorAsync("SendMessage", elsewhere, Send("other room", "retry-me"));
        Assert.Contains("another room", reuse);
        Assert.DoesNotContain("original", reuse);
    }

    [Fact]
    public async Task ConcurrentSendersGetDistinctGaplessSeqs()
    {
        await using var app = await ParleyApp.StartAsync();
        var owner = await app.SignUpAsync("owner");
        var room = await owner.CreateRoomAsync();
        var senders = new List<TestUser>();
        for (var i = 0; i < 10; i++)
        {
            var u = await app.SignUpAsync("s" + i);
            await u.JoinAsync(room);
            senders.Add(u);
        }
        await using var watcher = await app.ConnectAsync(owner);
        var before = (await owner.RoomInListAsync(room)).GetProperty("room").GetProperty("lastSeq").GetInt64();

        var acks = await Task.WhenAll(senders.Select(async (u, i) =>
        {
            await using var c = await app.ConnectAsync(u);
            var seqs = new List<long>();
            for (var n = 0; n < 100; n++)
                seqs.Add((await c.InvokeAsync("SendMessage", room, Send($"{i}:{n}", $"{i}-{n}"))).Seq());
            return seqs;
        }));

        var all = acks.SelectMany(s => s).OrderBy(s => s).ToList();
        Assert.Equal(1000, all.Distinct().Count());
        Assert.Equal(Enumerable.Range((int)before + 1, 1000).Select(x => (long)x), all);
        // Each sender's own messages are in the order it sent them.
        foreach (var s in acks) Assert.Equal(s.OrderBy(x => x), s);
        // The watcher received all 1000, each once.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (watcher.Events("MessageCreated").Count < 1000 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(1000, watcher.Events("MessageCreated").Select(m => m.Seq()).Distinct().Count());
    }

    [Fact]
    public async Task TheSameSendArrivingManyTimesAtOnceIsStoredOnceAndEveryCopyGetsIt()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var watcher = await app.ConnectAsync(bob);
        var tabs = new List<HubClient>();
        for (var i = 0; i < 4; i++) tabs.Add(await app.ConnectAsync(alice));
        // Four tabs and REST retry one send at the same moment (a flaky network), and one more send rides along.
        var acks = await Task.WhenAll(tabs.Select(t => t.InvokeAsync("SendMessage", room, Send("once only", "same-id")))
            .Append(PostAnyAsync(alice, room, "once only", "same-id"))
            .Append(tabs[0].InvokeAsync("SendMessage", room, Send("another", "other-id"))));
        Assert.Single(acks.Take(5).Select(a => a.Id()).Distinct());
        var marker = await tabs[0].InvokeAsync("SendMessage", room, Send("marker"));
        await watcher.WaitForAsync("MessageCreated", m => m.Id() == marker.Id());
        Assert.Single(watcher.Events("MessageCreated"), m => m.Text() == "once only");
        Assert.Equal(["another", "marker", "once only"], (await alice.MessagesAsync(room)).Where(m => m.GetProperty("kind").GetString() == "text").Select(m => m.Text()).Order());
        foreach (var t in tabs) await t.DisposeAsync();
    }

    private static async Task<JsonElement> PostAnyAsync(TestUser u, Guid room, string text, string cmid)
    {
        using var http = u.Http();
        var res = await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = cmid, text });
        return await Expect.Json(res, (int)res.StatusCode == 201 ? 201 : 200); // 200: it was a repeat
    }

    [Fact]
    public async Task SomeoneWhoLeftCantSendEvenRightAfterSending()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var privateRoom = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(privateRoom, bob);
        await using var hub = await app.ConnectAsync(bob);
        using var http = bob.Http();
        // Bob sends (his membership is now remembered), leaves, and at once tries again: refused, nothing stored.
        await hub.InvokeAsync("SendMessage", room, Send("hi"));
        await hub.InvokeAsync("SendMessage", privateRoom, Send("hi private"));
        await Expect.Status(await http.PostAsync($"/api/rooms/{room}/leave", null), 204);
        await Expect.Status(await http.PostAsync($"/api/rooms/{privateRoom}/leave", null), 204);
        Assert.Contains("not a member", await hub.InvokeExpectingErrorAsync("SendMessage", room, Send("still here?")));
        Assert.Contains("Room not found", await hub.InvokeExpectingErrorAsync("SendMessage", privateRoom, Send("still here?")));
        Assert.DoesNotContain((await alice.MessagesAsync(room)), m => m.Text() == "still here?");
        Assert.DoesNotContain((await alice.MessagesAsync(privateRoom)), m => m.Text() == "still here?");
    }

    [Fact]
    public async Task EditDeleteAndReactionsReachEveryMember()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);

        var msg = await a.InvokeAsync("SendMessage", room, Send("helo"));
        var edited = await a.InvokeAsync("EditMessage", msg.Id(), new { text = "hello" });
        Assert.Equal("hello", edited.Text());
        Assert.NotEqual(JsonValueKind.Null, edited.GetProperty("editedAt").ValueKind);
        Assert.True(edited.GetProperty("rev").GetInt64() > msg.GetProperty("rev").GetInt64());
        var seenEdit = await b.WaitForAsync("MessageEdited", m => m.Id() == msg.Id());
        Assert.Equal("hello", seenEdit.Text());

        // Bob can't edit or delete Alice's message.
        Assert.Contains("your own", await b.InvokeExpectingErrorAsync("EditMessage", msg.Id(), new { text = "hacked" }));
        // Deleting someone else's message is a moderator's permission (PermissionTable), refused as such.
        Assert.StartsWith("not_allowed:", HubClient.Reason(await b.InvokeExpectingErrorAsync("DeleteMessage", msg.Id())));

        var r1 = await b.InvokeAsync("ToggleReaction", msg.Id(), "👍");
        var r2 = await a.InvokeAsync("ToggleReaction", msg.Id(), "👍");
        await a.InvokeAsync("ToggleReaction", msg.Id(), "🎉");
        var seen = await b.WaitForAsync("ReactionsChanged", r => r.GetProperty("reactions").GetArrayLength() == 2);
        var thumbs = seen.GetProperty("reactions").EnumerateArray().Single(r => r.GetProperty("emoji").GetString() == "👍");
        Assert.Equal(2, thumbs.GetProperty("count").GetInt32());
        Assert.Equal([bob.Id, alice.Id], thumbs.GetProperty("userIds").EnumerateArray().Select(x => x.GetGuid()));
        // Toggling again removes it.
        var off = await b.InvokeAsync("ToggleReaction", msg.Id(), "👍");
        Assert.Equal(1, off.GetProperty("reactions").EnumerateArray().Single(r => r.GetProperty("emoji").GetString() == "👍").GetProperty("count").GetInt32());
        Assert.Contains("emoji", (await b.InvokeExpectingErrorAsync("ToggleReaction", msg.Id(), "two words")), StringComparison.OrdinalIgnoreCase);
        Assert.True(r2.GetProperty("rev").GetInt64() > r1.GetProperty("rev").GetInt64());

        var deleted = await a.InvokeAsync("DeleteMessage", msg.Id());
        Assert.Equal("", deleted.Text());
        Assert.NotEqual(JsonValueKind.Null, deleted.GetProperty("deletedAt").ValueKind);
        var tomb = await b.WaitForAsync("MessageDeleted", m => m.Id() == msg.Id());
        Assert.Equal(msg.Seq(), tomb.Seq());
        Assert.Equal(0, tomb.GetProperty("reactions").GetArrayLength());

        // History keeps the tombstone in its place, with no text.
        var history = await bob.MessagesAsync(room);
        var kept = history.Single(m => m.Id() == msg.Id());
        Assert.Equal("", kept.Text());
        Assert.Equal(msg.Seq(), kept.Seq());
        await using var db = app.OpenDb();
        Assert.Equal("", (await db.Messages.SingleAsync(m => m.Id == msg.Id())).Text);
        Assert.Equal(0, await db.Reactions.CountAsync(r => r.MessageId == msg.Id()));
    }

    [Fact]
    public async Task ARepliesCarryTheQuotedMessage()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var room = await alice.CreateRoomAsync();
        var other = await alice.CreateRoomAsync();
        await bob.JoinAsync(room);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);

        var question = await a.InvokeAsync("SendMessage", room, Send("lunch at noon?"));
        var answer = await b.InvokeAsync("SendMessage", room, Send("yes!", replyToId: question.Id()));
        var seen = await a.WaitForAsync("MessageCreated", m => m.Id() == answer.Id());
        var quote = seen.GetProperty("replyTo");
        Assert.Equal(question.Id(), quote.Id());
        Assert.Equal("lunch at noon?", quote.Text());
        Assert.Equal(question.Seq(), quote.Seq());
        Assert.Equal(question.Id(), (await alice.MessagesAsync(room)).Single(m => m.Id() == answer.Id()).GetProperty("replyTo").Id());

        // A reply must quote a message of the same room.
        var elsewhere = await a.InvokeAsync("SendMessage", other, Send("elsewhere"));
        Assert.Contains("not in this room", await b.InvokeExpectingErrorAsync("SendMessage", room, Send("sneaky", replyToId: elsewhere.Id())));
    }

    [Fact]
    public async Task TypingIsShownToOthersAndExpiresWithoutARefresh()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(clock: clock);
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var eve = await app.SignUpAsync("eve");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var e = await app.ConnectAsync(eve);

        await a.InvokeAsync("Typing", room);
        var typing = await b.WaitForAsync("UserTyping");
        Assert.Equal(alice.Id, typing.GetProperty("userId").GetGuid());
        Assert.Equal(alice.UserName, typing.GetProperty("userName").GetString());
        // No refresh: it stops on its own after about five seconds.
        clock.Advance(TimeSpan.FromSeconds(6)); // the tracker's next tick finds it stale
        var stopped = await b.WaitForAsync("TypingStopped");
        Assert.Equal(alice.Id, stopped.GetProperty("userId").GetGuid());
        Assert.Empty(a.Events("UserTyping")); // not echoed to the typist

        // Sending a message ends typing at once.
        await a.InvokeAsync("Typing", room);
        await b.WaitForAsync("UserTyping", null);
        var before = b.Events("TypingStopped").Count;
        await a.InvokeAsync("SendMessage", room, Send("done typing"));
        await b.WaitForAsync("MessageCreated");
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (b.Events("TypingStopped").Count == before && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(before + 1, b.Events("TypingStopped").Count);

        // Outsiders neither see typing nor may announce it.
        Assert.Empty(e.Events("UserTyping"));
        await e.InvokeExpectingErrorAsync("Typing", room);
        var marker = await a.InvokeAsync("SendMessage", room, Send("marker"));
        await b.WaitForAsync("MessageCreated", m => m.Id() == marker.Id());
        Assert.DoesNotContain(b.Events("UserTyping"), t => t.GetProperty("userId").GetGuid() == eve.Id);
    }

    [Fact]
    public async Task MarkReadMovesUnreadAndSyncsTheUsersOtherTabs()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        await using var b1 = await app.ConnectAsync(bob);
        await using var b2 = await app.ConnectAsync(bob);

        JsonElement last = default;
        for (var i = 0; i < 3; i++) last = await a.InvokeAsync("SendMessage", room, Send("m" + i));
        Assert.Equal(3, (await bob.RoomInListAsync(room)).GetProperty("unreadCount").GetInt32());
        // Alice's own messages are not unread for her.
        Assert.Equal(0, (await alice.RoomInListAsync(room)).GetProperty("unreadCount").GetInt32());

        var read = await b1.InvokeAsync("MarkRead", room, last.Seq() - 1);
        Assert.Equal(1, read.GetProperty("unreadCount").GetInt32());
        var synced = await b2.WaitForAsync("ReadMarked");
        Assert.Equal(last.Seq() - 1, synced.GetProperty("lastReadSeq").GetInt64());
        Assert.Empty(a.Events("ReadMarked")); // personal: nobody else hears it

        // Never backwards, never past the end.
        await b1.InvokeAsync("MarkRead", room, 1);
        var listed = await bob.RoomInListAsync(room);
        Assert.Equal(last.Seq() - 1, listed.GetProperty("lastReadSeq").GetInt64());
        var all = await b1.InvokeAsync("MarkRead", room, 1_000_000);
        Assert.Equal(last.Seq(), all.GetProperty("lastReadSeq").GetInt64());
        Assert.Equal(0, all.GetProperty("unreadCount").GetInt32());
    }
}
