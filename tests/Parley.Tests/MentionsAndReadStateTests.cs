using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Mentions (@name, @here, @room), mention and unread counts across tabs, mark all read, read receipts.</summary>
public sealed class MentionsAndReadStateTests
{
    private static async Task<JsonElement> MentionsAsync(TestUser u, string query = "")
    {
        using var http = u.Http();
        return await Expect.Json(await http.GetAsync("/api/mentions" + query));
    }

    [Fact]
    public async Task AVeryUnreadRoomCountsUpToAThousandAndTheListStillShowsItsLastMessage()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var aliceHub = await app.ConnectAsync(alice);
        JsonElement last = default;
        for (var batch = 0; batch < 21; batch++) // 1,050 messages, 50 in flight at a time
        {
            var sent = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => aliceHub.InvokeAsync("SendMessage", room, TestUserApi.Send($"m {batch}.{i}"))));
            last = sent.MaxBy(m => m.Seq());
        }

        var summary = await bob.RoomInListAsync(room);
        Assert.Equal(1000, summary.GetProperty("unreadCount").GetInt32());
        Assert.Equal(last.Id(), summary.GetProperty("lastMessage").Id());
        await using var bobHub = await app.ConnectAsync(bob);
        var read = await bobHub.InvokeAsync("MarkRead", room, last.Seq() - 7);
        Assert.Equal(7, read.GetProperty("unreadCount").GetInt32());
        Assert.Equal(7, (await bob.RoomInListAsync(room)).GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public async Task MentionsAreMarkedCountedListedAndFollowEdits()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol"); // not in the room
        await using var bobHub = await app.ConnectAsync(bob);
        await using var bobTab2 = await app.ConnectAsync(bob);
        await using var aliceHub = await app.ConnectAsync(alice);

        var sent = await aliceHub.InvokeAsync("SendMessage", room, TestUserApi.Send($"hey @{bob.UserName.ToUpperInvariant()}, and @{carol.UserName}, see `@{bob.UserName}` and @nobody"));
        Assert.Equal([bob.Id], sent.GetProperty("mentions").EnumerateArray().Select(x => x.GetGuid()));
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("wildcard").ValueKind);
        var live = await bobHub.WaitForAsync("MessageCreated", x => x.Id() == sent.Id());
        Assert.Equal(bob.Id, Assert.Single(live.GetProperty("mentions").EnumerateArray()).GetGuid());
        await alice.PostMessageAsync(room, "no mention here");

        var summary = await bob.RoomInListAsync(room);
        Assert.Equal(2, summary.GetProperty("unreadCount").GetInt32());
        Assert.Equal(1, summary.GetProperty("mentionCount").GetInt32());
        Assert.Equal("default", summary.GetProperty("notificationLevel").GetString());
        var listed = Assert.Single((await MentionsAsync(bob)).GetProperty("items").EnumerateArray());
        Assert.Equal(sent.Id(), listed.GetProperty("message").Id());
        Assert.Equal("public", listed.GetProperty("roomKind").GetString());
        Assert.Empty((await MentionsAsync(carol)).GetProperty("items").EnumerateArray()); // not a member: not mentioned

        // Reading in one tab clears the counts in the other.
        var read = await bobHub.InvokeAsync("MarkRead", room, sent.Seq());
        Assert.Equal(0, read.GetProperty("mentionCount").GetInt32());
        Assert.Equal(1, read.GetProperty("unreadCount").GetInt32());
        await bobTab2.WaitForAsync("ReadMarked", e => e.GetProperty("lastReadSeq").GetInt64() == sent.Seq() && e.GetProperty("mentionCount").GetInt32() == 0);

        // Editing the mention away removes it; editing one in adds it (counted, listed) without a new notification.
        var edited = await aliceHub.InvokeAsync("EditMessage", sent.Id(), new { text = "hey everyone" });
        Assert.Empty(edited.GetProperty("mentions").EnumerateArray());
        Assert.Empty((await MentionsAsync(bob)).GetProperty("items").EnumerateArray());
        var later = await alice.PostMessageAsync(room, "later");
        await aliceHub.InvokeAsync("EditMessage", later.Id(), new { text = $"later, @{bob.UserName}." });
        Assert.Equal(1, (await bob.RoomInListAsync(room)).GetProperty("mentionCount").GetInt32());
        // Deleting it removes it too.
        await aliceHub.InvokeAsync("DeleteMessage", later.Id());
        Assert.Equal(0, (await bob.RoomInListAsync(room)).GetProperty("mentionCount").GetInt32());
        Assert.Empty((await MentionsAsync(bob)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task WildcardsReachTheRoomOrThoseOnlineAndOwnersDecideInLargeRooms()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Messages:LargeRoomMembers"] = "2" });
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.JoinAsync(room);
        await using var bobHub = await app.ConnectAsync(bob); // Bob is online, Carol is not
        using var a = alice.Http();
        using var b = bob.Http();

        // Three members, more than 2: only the owner (Alice) may use @here/@room.
        var refused = await Expect.Problem(await b.PostAsJsonAsync($"/api/rooms/{room}/messages", TestUserApi.Send("@room wake up")), 403);
        Assert.Equal("Only owners can use @here and @room in this room.", refused.GetProperty("title").GetString());
        Assert.Contains("Only owners can use @here and @room", await bobHub.InvokeExpectingErrorAsync("SendMessage", room, TestUserApi.Send("@here?")));

        var here = await alice.PostMessageAsync(room, "@here standup");
        Assert.Equal("here", here.GetProperty("wildcard").GetString());
        Assert.Equal(1, (await bob.RoomInListAsync(room)).GetProperty("mentionCount").GetInt32());
        Assert.Equal(0, (await carol.RoomInListAsync(room)).GetProperty("mentionCount").GetInt32()); // offline
        await alice.PostMessageAsync(room, "@room release tomorrow");
        Assert.Equal(1, (await carol.RoomInListAsync(room)).GetProperty("mentionCount").GetInt32());
        Assert.Equal(2, (await bob.RoomInListAsync(room)).GetProperty("mentionCount").GetInt32());
        Assert.Equal(0, (await alice.RoomInListAsync(room)).GetProperty("mentionCount").GetInt32()); // never yourself

        // The owner lets everyone; a member can't change that.
        await Expect.Problem(await b.PatchAsJsonAsync($"/api/rooms/{room}", new { wildcardMentions = "everyone" }), 403);
        await Expect.Problem(await a.PatchAsJsonAsync($"/api/rooms/{room}", new { wildcardMentions = "anyone" }), 400, "wildcardMentions");
        var updated = await Expect.Json(await a.PatchAsJsonAsync($"/api/rooms/{room}", new { wildcardMentions = "everyone" }));
        Assert.Equal("everyone", updated.GetProperty("wildcardMentions").GetString());
        await bobHub.WaitForAsync("RoomUpdated", r => r.GetProperty("wildcardMentions").GetString() == "everyone");
        await bob.PostMessageAsync(room, "@room pizza");

        // Mentions view, newest first, paged.
        var first = await MentionsAsync(carol, "?limit=1");
        Assert.Equal("@room pizza", Assert.Single(first.GetProperty("items").EnumerateArray()).GetProperty("message").Text());
        var next = first.GetProperty("nextBefore").GetString();
        var second = await MentionsAsync(carol, $"?limit=1&before={next}");
        Assert.Equal("@room release tomorrow", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("message").Text());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextBefore").ValueKind);
        await Expect.Problem(await carol.Http().GetAsync("/api/mentions?before=abc"), 400, "before");
        await Expect.Problem(await carol.Http().GetAsync("/api/mentions?limit=0"), 400, "limit");

        // Mark all read clears every count, in every tab.
        await using var carolHub = await app.ConnectAsync(carol);
        var dm = await alice.OpenDmAsync(carol);
        await alice.PostMessageAsync(dm, "psst");
        using var c = carol.Http();
        Assert.Equal(2, (await Expect.Json(await c.PostAsync("/api/me/read-all", null))).GetProperty("rooms").GetInt32());
        await carolHub.WaitForAsync("ReadMarked", e => e.GetProperty("roomId").GetGuid() == dm && e.GetProperty("unreadCount").GetInt32() == 0);
        Assert.All((await Expect.Json(await c.GetAsync("/api/rooms"))).EnumerateArray(),
            r => Assert.Equal((0, 0), (r.GetProperty("unreadCount").GetInt32(), r.GetProperty("mentionCount").GetInt32())));

        // After leaving, the room's mentions are no longer listed.
        await Expect.Status(await c.PostAsync($"/api/rooms/{room}/leave", null), 204);
        Assert.Empty((await MentionsAsync(carol)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ReadReceiptsInDmsAndNoneForThoseWhoTurnThemOff()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var carol = await app.SignUpAsync("carol", "Carol");
        var group = await alice.OpenDmAsync(bob, carol);
        await using var aliceHub = await app.ConnectAsync(alice);
        await using var bobHub = await app.ConnectAsync(bob);
        await using var carolHub = await app.ConnectAsync(carol);
        using var a = alice.Http();

        var hello = await alice.PostMessageAsync(group, "hello both");
        await bobHub.InvokeAsync("MarkRead", group, hello.Seq());
        var receipt = await aliceHub.WaitForAsync("ReceiptChanged", e => e.GetProperty("userId").GetGuid() == bob.Id);
        Assert.Equal(hello.Seq(), receipt.GetProperty("lastReadSeq").GetInt64());
        await carolHub.WaitForAsync("ReceiptChanged", e => e.GetProperty("userId").GetGuid() == bob.Id);
        var receipts = (await Expect.Json(await a.GetAsync($"/api/rooms/{group}/receipts"))).EnumerateArray().ToDictionary(r => r.GetProperty("userId").GetGuid(), r => r.GetProperty("lastReadSeq").GetInt64());
        Assert.Equal(hello.Seq(), receipts[bob.Id]);
        Assert.True(receipts[carol.Id] < hello.Seq());
        Assert.False(receipts.ContainsKey(alice.Id));

        // Carol turns receipts off: others don't see how far she read, and she sees nobody's.
        using var c = carol.Http();
        var settings = await Expect.Json(await c.PatchAsJsonAsync("/api/me/settings", new { readReceipts = false }));
        Assert.False(settings.GetProperty("readReceipts").GetBoolean());
        await carolHub.InvokeAsync("MarkRead", group, hello.Seq());
        var second = await alice.PostMessageAsync(group, "again");
        await bobHub.InvokeAsync("MarkRead", group, second.Seq());
        await aliceHub.WaitForAsync("ReceiptChanged", e => e.GetProperty("userId").GetGuid() == bob.Id && e.GetProperty("lastReadSeq").GetInt64() == second.Seq());
        Assert.DoesNotContain(aliceHub.Events("ReceiptChanged"), e => e.GetProperty("userId").GetGuid() == carol.Id);
        Assert.Single(carolHub.Events("ReceiptChanged")); // only the one before she turned them off
        Assert.Empty((await Expect.Json(await c.GetAsync($"/api/rooms/{group}/receipts"))).EnumerateArray());
        Assert.DoesNotContain(carol.Id, (await Expect.Json(await a.GetAsync($"/api/rooms/{group}/receipts"))).EnumerateArray().Select(r => r.GetProperty("userId").GetGuid()));

        // Rooms have no receipts.
        var room = await alice.CreateRoomAsync();
        Assert.Empty((await Expect.Json(await a.GetAsync($"/api/rooms/{room}/receipts"))).EnumerateArray());
        await Expect.Problem(await bob.Http().GetAsync($"/api/rooms/{group}/receipts".Replace(group.ToString(), room.ToString())), 403);
    }
}
