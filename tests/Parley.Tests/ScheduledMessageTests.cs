using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Scheduling;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Scheduled messages: scheduling, editing and cancelling one's own; the dispatcher sending each once as an ordinary
/// message, across a restart, with two nodes on one database, after a crash between the send and its record; and the
/// failure the author hears of when they can no longer post.
/// </summary>
public sealed class ScheduledMessageTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(20);

    private static string At(TimeSpan fromNow) => DateTimeOffset.UtcNow.Add(fromNow).ToString("O");

    private static async Task<HttpResponseMessage> ScheduleAsync(TestUser u, Guid room, string text, TimeSpan fromNow, object? extra = null)
    {
        using var http = u.Http();
        return await http.PostAsJsonAsync($"/api/rooms/{room}/scheduled", extra ?? new { text, sendAt = At(fromNow) });
    }

    private static async Task<JsonElement> ScheduledAsync(TestUser u, Guid room, string text, TimeSpan fromNow) =>
        await Expect.Json(await ScheduleAsync(u, room, text, fromNow), 201);

    private static async Task<List<JsonElement>> ListAsync(TestUser u, Guid? room = null)
    {
        using var http = u.Http();
        return (await Expect.Json(await http.GetAsync("/api/scheduled" + (room is { } r ? $"?roomId={r}" : "")))).EnumerateArray().ToList();
    }

    private static async Task<HttpResponseMessage> EditAsync(TestUser u, Guid id, object change)
    {
        using var http = u.Http();
        return await http.PatchAsJsonAsync($"/api/scheduled/{id}", change);
    }

    private static async Task<HttpResponseMessage> CancelAsync(TestUser u, Guid id)
    {
        using var http = u.Http();
        return await http.DeleteAsync($"/api/scheduled/{id}");
    }

    private static async Task<string> CodeOf(HttpResponseMessage response, int status, string? field = null) =>
        (await Expect.Problem(response, status, field)).GetProperty("code").GetString()!;

    private static string State(JsonElement s) => s.GetProperty("state").GetString()!;

    private static Task<JsonElement> ChangeOfAsync(HubClient hub, Guid id, Func<JsonElement, bool> match) =>
        hub.WaitForAsync("ScheduledChanged", e => e.Id() == id && match(e), Bounded);

    /// <summary>Waits (bounded) until the room's history holds a message with this text; returns how many it holds.</summary>
    private static async Task<List<JsonElement>> ArrivedAsync(TestUser reader, Guid room, string text)
    {
        for (var until = DateTime.UtcNow + Bounded; DateTime.UtcNow < until; await Task.Delay(200))
        {
            var found = (await reader.MessagesAsync(room)).Where(m => m.Text() == text).ToList();
            if (found.Count > 0) return found;
        }
        throw new Xunit.Sdk.XunitException($"\"{text}\" was not sent within {Bounded.TotalSeconds} s.");
    }

    private static async Task<ScheduledMessage> RowAsync(ParleyApp app, Guid id)
    {
        await using var db = app.OpenDb();
        return await db.Set<ScheduledMessage>().AsNoTracking().SingleAsync(s => s.Id == id);
    }

    [Fact]
    public async Task ScheduledMessagesAreListedEditedAndCancelledByTheirAuthorAlone()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var other = await alice.CreateRoomAsync();
        await using var aliceHub = await app.ConnectAsync(alice);
        await using var aliceTab2 = await app.ConnectAsync(alice);
        await using var bobHub = await app.ConnectAsync(bob);

        var later = await ScheduledAsync(alice, room, "in two hours", TimeSpan.FromHours(2));
        var sooner = await ScheduledAsync(alice, room, "in one hour", TimeSpan.FromHours(1));
        var elsewhere = await ScheduledAsync(alice, other, "in the other room", TimeSpan.FromMinutes(30));
        Assert.Equal("pending", State(later));
        Assert.Equal(room, later.GetProperty("roomId").GetGuid());
        // Every tab of the author hears of it.
        foreach (var tab in new[] { aliceHub, aliceTab2 })
            await ChangeOfAsync(tab, sooner.Id(), e => e.GetProperty("scheduled").Text() == "in one hour");

        // Pending first by time due; ?roomId= one conversation's.
        Assert.Equal([elsewhere.Id(), sooner.Id(), later.Id()], (await ListAsync(alice)).Select(s => s.Id()));
        Assert.Equal([sooner.Id(), later.Id()], (await ListAsync(alice, room)).Select(s => s.Id()));

        // Edit the text and the time: now it comes first in its room.
        var soon = DateTimeOffset.UtcNow.AddMinutes(10);
        var edited = await Expect.Json(await EditAsync(alice, later.Id(), new { text = "in ten minutes", sendAt = soon.ToString("O") }));
        Assert.Equal("in ten minutes", edited.Text());
        Assert.Equal(soon.UtcDateTime, edited.GetProperty("sendAt").GetDateTime(), TimeSpan.FromMilliseconds(1));
        await ChangeOfAsync(aliceTab2, later.Id(), e => e.GetProperty("scheduled").Text() == "in ten minutes");
        Assert.Equal([later.Id(), sooner.Id()], (await ListAsync(alice, room)).Select(s => s.Id()));
        var onlyText = await Expect.Json(await EditAsync(alice, sooner.Id(), new { text = "still in one hour" }));
        Assert.Equal(sooner.GetProperty("sendAt").GetDateTime(), onlyText.GetProperty("sendAt").GetDateTime(), TimeSpan.FromMilliseconds(1));

        // Cancel: it goes, and the tabs hear it removed.
        await Expect.Status(await CancelAsync(alice, sooner.Id()), 204);
        await ChangeOfAsync(aliceTab2, sooner.Id(), e => e.GetProperty("scheduled").ValueKind == JsonValueKind.Null);
        Assert.Equal([later.Id()], (await ListAsync(alice, room)).Select(s => s.Id()));
        await Expect.Problem(await CancelAsync(alice, sooner.Id()), 404);

        // Bob sees none of it, can't touch it, and heard nothing.
        Assert.Empty(await ListAsync(bob));
        await Expect.Problem(await EditAsync(bob, later.Id(), new { text = "mine now" }), 404);
        await Expect.Problem(await CancelAsync(bob, later.Id()), 404);
        Assert.Equal("in ten minutes", (await RowAsync(app, later.Id())).Text);
        await bob.MarkAsync(bobHub);
        Assert.Empty(bobHub.Events("ScheduledChanged"));
        Assert.DoesNotContain(await bob.MessagesAsync(room), m => m.Text().StartsWith("in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadInputAndRoomsOneCantPostInAreRefusedAndChangeNothing()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol");
        var secret = await carol.CreateRoomAsync("carols-" + Guid.NewGuid().ToString("N")[..6], "private");
        var carolsOpen = await carol.CreateRoomAsync();
        var elsewhere = await carol.PostMessageAsync(carolsOpen, "a message in another room");
        var hour = TimeSpan.FromHours(1);

        Assert.Equal("invalid", await CodeOf(await ScheduleAsync(alice, room, "late", TimeSpan.FromMinutes(-5)), 400, "sendAt"));
        await Expect.Problem(await ScheduleAsync(alice, room, "far", TimeSpan.FromDays(400)), 400, "sendAt");
        await Expect.Problem(await ScheduleAsync(alice, room, "", hour, new { text = "no time" }), 400, "sendAt");
        await Expect.Problem(await ScheduleAsync(alice, room, "  ", hour), 400, "text");
        await Expect.Problem(await ScheduleAsync(alice, room, new string('x', 40_001), hour), 413, "text");
        await Expect.Problem(await ScheduleAsync(alice, room, "", hour, new { text = "x", sendAt = At(hour), alsoToRoom = true }), 400, "alsoToRoom");
        await Expect.Problem(await ScheduleAsync(alice, room, "", hour, new { text = "x", sendAt = At(hour), replyToId = elsewhere.Id() }), 400, "replyToId");
        // A public room one hasn't joined: 403 not_member; a private one: as if it didn't exist.
        Assert.Equal("not_member", await CodeOf(await ScheduleAsync(alice, carolsOpen, "hi", hour), 403));
        await Expect.Problem(await ScheduleAsync(alice, secret, "hi", hour), 404);
        await Expect.Problem(await ScheduleAsync(alice, Guid.NewGuid(), "hi", hour), 404);
        Assert.Empty(await ListAsync(alice));

        // Edits are held to the same rules, and an edit that is refused leaves the message as it was.
        var s = await ScheduledAsync(bob, room, "as written", hour);
        await Expect.Problem(await EditAsync(bob, s.Id(), new { }), 400, "text");
        await Expect.Problem(await EditAsync(bob, s.Id(), new { sendAt = At(TimeSpan.FromMinutes(-1)) }), 400, "sendAt");
        await Expect.Problem(await EditAsync(bob, s.Id(), new { text = "" }), 400, "text");
        await Expect.Problem(await EditAsync(bob, Guid.NewGuid(), new { text = "x" }), 404);
        var row = await RowAsync(app, s.Id());
        Assert.Equal("as written", row.Text);
        Assert.Equal(s.GetProperty("sendAt").GetDateTime(), row.SendAt, TimeSpan.FromMilliseconds(1));

        // A cap on what one has pending.
        await using (var db = app.OpenDb())
        {
            var now = DateTime.UtcNow;
            for (var i = 1; i < ScheduledMessageService.MaxPending; i++)
                db.Add(new ScheduledMessage { Id = Guid.CreateVersion7(), UserId = bob.Id, RoomId = room, Text = $"n{i}", SendAt = now.AddHours(2), CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal("too_many_scheduled", await CodeOf(await ScheduleAsync(bob, room, "one too many", hour), 409));
        Assert.Equal(ScheduledMessageService.MaxPending, (await ListAsync(bob)).Count);
    }

    [Fact]
    public async Task ADueMessageIsSentOnceAsAnOrdinaryMessageAndCanNoLongerBeChanged()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var aliceHub = await app.ConnectAsync(alice);
        await using var bobHub = await app.ConnectAsync(bob);
        var first = await alice.PostMessageAsync(room, "the question");

        using (var ah = alice.Http())
        {
            var s = await Expect.Json(await ah.PostAsJsonAsync($"/api/rooms/{room}/scheduled",
                new { text = "good morning @" + bob.UserName, sendAt = At(TimeSpan.FromSeconds(2)), replyToId = first.Id() }), 201);
            var live = await bobHub.WaitForAsync("MessageCreated", m => m.Text().StartsWith("good morning", StringComparison.Ordinal), Bounded);
            Assert.Equal(alice.Id, live.GetProperty("senderId").GetGuid());
            Assert.Equal(first.Id(), live.GetProperty("replyToId").GetGuid());
            // An ordinary message: it mentions Bob as any would.
            Assert.Equal(1, (await bob.RoomInListAsync(room)).GetProperty("mentionCount").GetInt32());

            var sent = await ChangeOfAsync(aliceHub, s.Id(), e => State(e.GetProperty("scheduled")) == "sent");
            Assert.Equal(live.Id(), sent.GetProperty("scheduled").GetProperty("messageId").GetGuid());
            Assert.Single(await ArrivedAsync(bob, room, live.Text()));
            Assert.Empty(await ListAsync(alice));
            Assert.Equal("already_sent", await CodeOf(await EditAsync(alice, s.Id(), new { text = "too late" }), 409));
            Assert.Equal("already_sent", await CodeOf(await CancelAsync(alice, s.Id()), 409));
        }
        await Task.Delay(ScheduledDispatcher.SafetyInterval + TimeSpan.FromSeconds(1)); // another round: nothing more
        Assert.Single(bobHub.Events("MessageCreated"), m => m.Text().StartsWith("good morning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMessageDueWhileTheServerIsDownIsSentOnceAfterTheRestart()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var s = await ScheduledAsync(alice, room, "sent after the restart", TimeSpan.FromSeconds(2));
        await app.StopServerAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(ScheduledState.Pending, (await RowAsync(app, s.Id())).State); // nobody sent it meanwhile

        await app.RestartAsync();
        var sent = Assert.Single(await ArrivedAsync(bob, room, "sent after the restart"));
        for (var i = 0; i < 50 && (await RowAsync(app, s.Id())).State != ScheduledState.Sent; i++) await Task.Delay(100);
        Assert.Equal(sent.Id(), (await RowAsync(app, s.Id())).MessageId);
        await app.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await bob.MessagesAsync(room), m => m.Text() == "sent after the restart");
    }

    [Fact]
    public async Task AClaimLeftByACrashedSendIsTakenAgainAndTheStoredMessageIsTheAnswer()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var aliceHub = await app.ConnectAsync(alice);
        await using var bobHub = await app.ConnectAsync(bob);
        var s = await ScheduledAsync(alice, room, "written before the crash", TimeSpan.FromHours(1));
        // A node sent it and died before recording so: the message is stored, the row still claimed, its lease run out.
        var stored = await alice.PostMessageAsync(room, "written before the crash", ScheduledDispatcher.ClientMessageId(s.Id()));
        await bobHub.WaitForAsync("MessageCreated", m => m.Id() == stored.Id());
        await using (var db = app.OpenDb())
        {
            var past = DateTime.UtcNow.AddSeconds(-1);
            await db.Set<ScheduledMessage>().Where(x => x.Id == s.Id()).ExecuteUpdateAsync(x => x
                .SetProperty(r => r.State, ScheduledState.Sending).SetProperty(r => r.ClaimedUntil, past)
                .SetProperty(r => r.SendAt, past.AddMinutes(-1)).SetProperty(r => r.Attempts, 1), TestContext.Current.CancellationToken);
        }

        var sent = await ChangeOfAsync(aliceHub, s.Id(), e => State(e.GetProperty("scheduled")) == "sent");
        Assert.Equal(stored.Id(), sent.GetProperty("scheduled").GetProperty("messageId").GetGuid());
        Assert.Single(await bob.MessagesAsync(room), m => m.Text() == "written before the crash");
        await bob.MarkAsync(bobHub);
        Assert.Single(bobHub.Events("MessageCreated"), m => m.Text() == "written before the crash");
    }

    [Fact]
    public async Task TwoNodesOnOneDatabaseSendEachScheduledMessageOnce()
    {
        var database = await ParleyApp.CreateDatabaseAsync();
        await using var a = await ParleyApp.StartOnAsync(database);
        // B doesn't drop the database when it stops: A does, last.
        await using var b = await ParleyApp.StartOnAsync((database.ConnectionString, null, null));
        var (alice, bob, room) = await a.AliceAndBobInARoomAsync();
        var aliceOnB = TwoNodes.On(b, alice);
        var due = TimeSpan.FromSeconds(2);
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++) ids.Add((await ScheduledAsync(i % 2 == 0 ? alice : aliceOnB, room, $"node race {i}", due)).Id());

        // Both nodes' dispatchers run by themselves; three more rounds on each, every few milliseconds from before the
        // time due until everything arrived, make them meet on every row while it is being sent.
        var dispatchers = new[] { a, b }.Select(n => n.Services.GetRequiredService<ScheduledDispatcher>()).ToList();
        using var racing = new CancellationTokenSource();
        var racers = Enumerable.Range(0, 3).SelectMany(_ => dispatchers).Select(d => Task.Run(async () =>
        {
            while (!racing.IsCancellationRequested)
            {
                await d.DispatchDueAsync();
                await Task.Delay(5);
            }
        })).ToList();
        try
        {
            for (var i = 0; i < 6; i++) Assert.Single(await ArrivedAsync(bob, room, $"node race {i}"));
        }
        finally
        {
            await racing.CancelAsync();
            await Task.WhenAll(racers);
        }
        await Task.Delay(ScheduledDispatcher.SafetyInterval + TimeSpan.FromSeconds(1));
        var texts = (await bob.MessagesAsync(room)).Select(m => m.Text()).Where(t => t.StartsWith("node race", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, texts.Count);
        Assert.Equal(6, texts.Distinct().Count());
        foreach (var id in ids)
        {
            var row = await RowAsync(a, id);
            Assert.Equal(ScheduledState.Sent, row.State);
            Assert.Equal(1, row.Attempts); // claimed by one dispatcher, once
        }
    }

    [Fact]
    public async Task AMessageWhoseAuthorLeftTheRoomOrClosedTheirAccountFailsAndTheyAloneHearWhy()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var aliceHub = await app.ConnectAsync(alice);
        await using var bobHub = await app.ConnectAsync(bob);
        var carol = await app.SignUpAsync("carol");
        await carol.JoinAsync(room);
        var s = await ScheduledAsync(bob, room, "bob's last words", TimeSpan.FromSeconds(2));
        var closed = await ScheduledAsync(carol, room, "carol's last words", TimeSpan.FromSeconds(2));
        using (var bh = bob.Http()) await Expect.Status(await bh.PostAsync($"/api/rooms/{room}/leave", null), 204);
        using (var ch = carol.Http()) await Expect.Status(await ch.PostAsJsonAsync("/api/me/deactivate", new { password = carol.Password }), 204);

        var failed = (await ChangeOfAsync(bobHub, s.Id(), e => State(e.GetProperty("scheduled")) == "failed")).GetProperty("scheduled");
        Assert.Equal("not_member", failed.GetProperty("failureCode").GetString());
        Assert.False(string.IsNullOrWhiteSpace(failed.GetProperty("failureReason").GetString()));
        var listed = Assert.Single(await ListAsync(bob));
        Assert.Equal("failed", State(listed));
        Assert.DoesNotContain(await alice.MessagesAsync(room), m => m.Text() == "bob's last words");
        await alice.MarkAsync(aliceHub);
        Assert.Empty(aliceHub.Events("ScheduledChanged"));

        // Carol closed her account meanwhile: hers is failed too, and nothing was posted in her name.
        for (var i = 0; i < 100 && (await RowAsync(app, closed.Id())).State != ScheduledState.Failed; i++) await Task.Delay(100);
        Assert.Equal(ScheduledDispatcher.AccountClosed, (await RowAsync(app, closed.Id())).FailureCode);
        Assert.DoesNotContain(await alice.MessagesAsync(room), m => m.Text() == "carol's last words");

        // Rescheduling needs a room he may post in; dismissing it doesn't.
        Assert.Equal("not_member", await CodeOf(await EditAsync(bob, s.Id(), new { sendAt = At(TimeSpan.FromMinutes(1)) }), 403));
        await Expect.Status(await CancelAsync(bob, s.Id()), 204);
        Assert.Empty(await ListAsync(bob));
    }
}
