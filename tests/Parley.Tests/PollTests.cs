using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Data;
using Parley.Server.Polls;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Polls: created with their message, votes and their results (live, in pages and catch-up), anonymity, closing by hand and by time, and who may.</summary>
public sealed class PollTests
{
    private static object PollSend(string question, string[] options, bool multiple = false, bool anonymous = false, object? closesAt = null,
        string? clientMessageId = null, Guid? threadRootId = null) =>
        new { clientMessageId = clientMessageId ?? Guid.NewGuid().ToString(), text = question, threadRootId, poll = new { options, multiple, anonymous, closesAt } };

    private static async Task<HttpResponseMessage> SendAsync(TestUser u, Guid room, object send)
    {
        using var http = u.Http();
        return await http.PostAsJsonAsync($"/api/rooms/{room}/messages", send);
    }

    private static async Task<JsonElement> PostPollAsync(TestUser u, Guid room, string[] options, bool multiple = false, bool anonymous = false, DateTime? closesAt = null) =>
        await Expect.Json(await SendAsync(u, room, PollSend("Where do we eat?", options, multiple, anonymous, closesAt)), 201);

    private static async Task<HttpResponseMessage> VoteAsync(TestUser u, Guid message, params Guid[] options)
    {
        using var http = u.Http();
        return await http.PutAsJsonAsync($"/api/messages/{message}/poll/votes", new { options });
    }

    private static async Task<HttpResponseMessage> CloseAsync(TestUser u, Guid message)
    {
        using var http = u.Http();
        return await http.PostAsync($"/api/messages/{message}/poll/close", null);
    }

    private static JsonElement Poll(JsonElement message) => message.GetProperty("poll");

    private static Guid[] OptionIds(JsonElement message) => [.. Poll(message).GetProperty("options").EnumerateArray().Select(o => o.Id())];

    private static int[] Votes(JsonElement poll) => [.. poll.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32())];

    private static Guid[] Mine(JsonElement poll) => [.. poll.GetProperty("mine").EnumerateArray().Select(x => x.GetGuid())];

    private static Guid[] Voters(JsonElement poll, int option) =>
        [.. poll.GetProperty("options")[option].GetProperty("voters").EnumerateArray().Select(x => x.GetGuid())];

    private static async Task<JsonElement> MessageInHistoryAsync(TestUser u, Guid room, Guid message) =>
        (await u.MessagesAsync(room)).Single(m => m.Id() == message);

    private static async Task<JsonElement> ChangesAsync(TestUser u, Guid room, long sinceRev)
    {
        using var http = u.Http();
        return await Expect.Json(await http.GetAsync($"/api/rooms/{room}/changes?sinceRev={sinceRev}"));
    }

    private static async Task<string> CodeOf(HttpResponseMessage response, int status) =>
        (await Expect.Problem(response, status)).GetProperty("code").GetString()!;

    private static async Task<(int Polls, int Options, int Votes)> RowsAsync(ParleyApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ParleyDb>>().CreateDbContextAsync();
        return (await db.Set<Poll>().CountAsync(), await db.Set<PollOption>().CountAsync(), await db.Set<PollVote>().CountAsync());
    }

    [Fact]
    public async Task APollIsCreatedWithItsMessageAndEachBadFieldIsNamedWithNothingStored()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);
        var closesAt = DateTime.UtcNow.AddDays(1);

        var sent = await PostPollAsync(alice, room, [" Pizza ", "Sushi", "Tacos"], multiple: true, closesAt: closesAt);
        Assert.Equal("Where do we eat?", sent.Text());
        var poll = Poll(sent);
        Assert.Equal(["Pizza", "Sushi", "Tacos"], poll.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("text").GetString()));
        Assert.Equal([0, 0, 0], Votes(poll));
        Assert.True(poll.GetProperty("multiple").GetBoolean());
        Assert.False(poll.GetProperty("anonymous").GetBoolean());
        Assert.Equal(0, poll.GetProperty("totalVoters").GetInt32());
        Assert.Equal(closesAt.Ticks / TimeSpan.TicksPerMillisecond, poll.GetProperty("closesAt").GetDateTime().ToUniversalTime().Ticks / TimeSpan.TicksPerMillisecond);
        Assert.Equal(JsonValueKind.Null, poll.GetProperty("closedAt").ValueKind);
        var live = await bobHub.WaitForAsync("MessageCreated", m => m.Id() == sent.Id());
        Assert.Equal(OptionIds(sent), OptionIds(live));
        Assert.Equal(OptionIds(sent), OptionIds(await MessageInHistoryAsync(bob, room, sent.Id())));
        var plain = await bob.PostMessageAsync(room, "no poll here");
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("poll").ValueKind);

        var now = DateTime.UtcNow;
        (object Send, string Field)[] bad =
        [
            (new { clientMessageId = Guid.NewGuid().ToString(), text = "q?", poll = new { multiple = true } }, "poll.options"),
            (PollSend("q?", ["only one"]), "poll.options"),
            (PollSend("q?", [.. Enumerable.Range(0, 11).Select(i => $"o{i}")]), "poll.options"),
            (PollSend("q?", ["fine", "   "]), "poll.options"),
            (PollSend("q?", ["fine", new string('x', 101)]), "poll.options"),
            (PollSend("q?", ["Yes", "yes"]), "poll.options"),
            (PollSend("q?", ["a", "b\u0007"]), "poll.options"),
            (PollSend("q?", ["a", "b"], closesAt: now.AddMinutes(-1)), "poll.closesAt"),
            (PollSend("q?", ["a", "b"], closesAt: now.AddDays(91)), "poll.closesAt"),
            (PollSend("q?", ["a", "b"], closesAt: "2030-01-01T12:00:00"), "poll.closesAt"),
            (PollSend("  ", ["a", "b"]), "text"),
            (PollSend("in a thread?", ["a", "b"], threadRootId: plain.Id()), "poll"),
        ];
        foreach (var (send, field) in bad)
            await Expect.Problem(await SendAsync(alice, room, send), 400, field);

        // Only the good poll (and the plain message) exist: no message, poll, option or vote row came of the refusals.
        Assert.Equal([sent.Id(), plain.Id()], (await alice.MessagesAsync(room)).Where(m => m.GetProperty("kind").GetString() == "text").Select(m => m.Id()));
        Assert.Equal((1, 3, 0), await RowsAsync(app));
    }

    [Fact]
    public async Task VotesSetTheWholeChoiceSingleChoiceTakesOneAndEveryTabOfTheVoterSeesIt()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol");
        await carol.JoinAsync(room);
        await using var aliceHub = await app.ConnectAsync(alice);
        await using var bobHub = await app.ConnectAsync(bob);
        await using var bobOtherTab = await app.ConnectAsync(bob);
        var single = await PostPollAsync(alice, room, ["A", "B", "C"]);
        var o = OptionIds(single);

        // Bob votes on one tab: the room hears the counts (no one's choice), his other tab his choice.
        var voted = await bobHub.InvokeAsync("VotePoll", single.Id(), new[] { o[0] });
        Assert.Equal([1, 0, 0], Votes(Poll(voted)));
        Assert.Equal([o[0]], Mine(Poll(voted)));
        var changed = await aliceHub.WaitForAsync("PollChanged", e => e.GetProperty("messageId").GetGuid() == single.Id());
        Assert.Equal(voted.GetProperty("rev").GetInt64(), changed.GetProperty("rev").GetInt64());
        Assert.Equal([bob.Id], Voters(Poll(changed), 0));
        Assert.Equal(JsonValueKind.Null, Poll(changed).GetProperty("mine").ValueKind);
        var mineElsewhere = await bobOtherTab.WaitForAsync("PollVoted", e => e.GetProperty("messageId").GetGuid() == single.Id());
        Assert.Equal([o[0]], mineElsewhere.GetProperty("mine").EnumerateArray().Select(x => x.GetGuid()));

        // He changes his mind; two at once or an option of another poll are refused and change nothing.
        var changedMind = await Expect.Json(await VoteAsync(bob, single.Id(), o[1]));
        Assert.Equal([0, 1, 0], Votes(Poll(changedMind)));
        await Expect.Problem(await VoteAsync(bob, single.Id(), o[0], o[2]), 400, "options");
        await Expect.Problem(await VoteAsync(bob, single.Id(), Guid.NewGuid()), 400, "options");
        await Expect.Problem(await VoteAsync(bob, single.Id(), o[1], o[1]), 400, "options");
        await Expect.Json(await VoteAsync(carol, single.Id(), o[1]));
        var page = Poll(await MessageInHistoryAsync(bob, room, single.Id()));
        Assert.Equal([0, 2, 0], Votes(page));
        Assert.Equal([bob.Id, carol.Id], Voters(page, 1));
        Assert.Equal(2, page.GetProperty("totalVoters").GetInt32());
        Assert.Equal([o[1]], Mine(page));
        Assert.Empty(Mine(Poll(await MessageInHistoryAsync(alice, room, single.Id()))));

        // The same choice again changes nothing (no new rev); an empty one takes the vote back.
        var before = (await MessageInHistoryAsync(bob, room, single.Id())).GetProperty("rev").GetInt64();
        var again = await Expect.Json(await VoteAsync(bob, single.Id(), o[1]));
        Assert.Equal(before, again.GetProperty("rev").GetInt64());
        var retracted = await Expect.Json(await VoteAsync(bob, single.Id()));
        Assert.Equal([0, 1, 0], Votes(Poll(retracted)));
        Assert.Empty(Mine(Poll(retracted)));
        Assert.Equal(1, Poll(retracted).GetProperty("totalVoters").GetInt32());

        // Multiple choice: several at once, one voter.
        var multi = await PostPollAsync(alice, room, ["X", "Y", "Z"], multiple: true);
        var m = OptionIds(multi);
        var both = await Expect.Json(await VoteAsync(bob, multi.Id(), m[2], m[0]));
        Assert.Equal([1, 0, 1], Votes(Poll(both)));
        Assert.Equal([m[0], m[2]], Mine(Poll(both)));
        Assert.Equal(1, Poll(both).GetProperty("totalVoters").GetInt32());
        Assert.Equal(3, (await RowsAsync(app)).Votes);

        // Alice heard no one's own choice.
        await alice.MarkAsync(aliceHub);
        Assert.Empty(aliceHub.Events("PollVoted"));
    }

    [Fact]
    public async Task AnAnonymousPollNeverShowsWhoVotedInPagesEventsOrCatchUp()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var aliceHub = await app.ConnectAsync(alice);
        await using var bobHub = await app.ConnectAsync(bob);
        var sent = await PostPollAsync(alice, room, ["A", "B"], anonymous: true);
        var rev = sent.GetProperty("rev").GetInt64();

        var voted = await bobHub.InvokeAsync("VotePoll", sent.Id(), new[] { OptionIds(sent)[1] });
        Assert.Equal([OptionIds(sent)[1]], Mine(Poll(voted))); // his own choice, to him
        var changed = await aliceHub.WaitForAsync("PollChanged", e => e.GetProperty("messageId").GetGuid() == sent.Id());
        Assert.Equal([0, 1], Votes(Poll(changed)));
        var changes = await ChangesAsync(alice, room, rev);
        var page = await MessageInHistoryAsync(alice, room, sent.Id());
        foreach (var seen in new[] { Poll(changed), Poll(changes.GetProperty("messages")[0]), Poll(page) })
        {
            Assert.True(seen.GetProperty("anonymous").GetBoolean());
            Assert.Equal([0, 1], Votes(seen));
            Assert.All(seen.GetProperty("options").EnumerateArray(), o => Assert.Equal(JsonValueKind.Null, o.GetProperty("voters").ValueKind));
        }
        // Bob's id is nowhere in what Alice received about the poll.
        Assert.DoesNotContain(bob.Id.ToString(), changed.GetRawText());
        Assert.DoesNotContain(bob.Id.ToString(), changes.GetRawText());
        Assert.DoesNotContain(bob.Id.ToString(), page.GetRawText());
        Assert.Empty(Mine(Poll(page)));
        await alice.MarkAsync(aliceHub);
        Assert.Empty(aliceHub.Events("PollVoted"));
    }

    [Fact]
    public async Task StrangersCanNeitherSeeNorVoteNorCloseAndHearNothing()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var secret = await alice.CreateRoomAsync("secret", "private");
        await alice.InviteAsync(secret, bob);
        var elsewhere = await app.SignUpAsync("eve");
        var evesRoom = await elsewhere.CreateRoomAsync("eves");
        await using var eveHub = await app.ConnectAsync(elsewhere);
        var sent = await PostPollAsync(alice, secret, ["A", "B"]);
        var o = OptionIds(sent);

        Assert.Equal("not_found", await CodeOf(await VoteAsync(elsewhere, sent.Id(), o[0]), 404));
        Assert.Equal("not_found", await CodeOf(await CloseAsync(elsewhere, sent.Id()), 404));
        Assert.StartsWith("not_found", HubClient.Reason(await eveHub.InvokeExpectingErrorAsync("VotePoll", sent.Id(), new[] { o[0] })));
        using (var eh = elsewhere.Http())
            await Expect.Problem(await eh.GetAsync($"/api/rooms/{secret}/messages"), 404);
        // A public room Eve hasn't joined: she may read it but votes only once a member.
        var open = await alice.CreateRoomAsync("open");
        var inOpen = await PostPollAsync(alice, open, ["A", "B"]);
        Assert.Equal("not_member", await CodeOf(await VoteAsync(elsewhere, inOpen.Id(), OptionIds(inOpen)[0]), 403));
        // A message without a poll has none to vote in.
        var plain = await alice.PostMessageAsync(secret, "plain");
        await Expect.Problem(await VoteAsync(bob, plain.Id(), o[0]), 404);

        await Expect.Json(await VoteAsync(bob, sent.Id(), o[0]));
        await Expect.Json(await CloseAsync(alice, sent.Id()));
        await elsewhere.PostMessageAsync(evesRoom, "marker");
        await eveHub.WaitForAsync("MessageCreated", m => m.Text() == "marker");
        Assert.Empty(eveHub.Events("PollChanged"));
        var seen = await MessageInHistoryAsync(bob, secret, sent.Id());
        Assert.Equal([1, 0], Votes(Poll(seen)));
    }

    [Fact]
    public async Task TheAuthorOrAModeratorClosesOthersAreRefusedAndVotesAfterAreConflicts()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync(); // alice owns the room
        var mod = await app.SignUpAsync("mod");
        await mod.JoinAsync(room);
        using (var ah = alice.Http())
            await Expect.Status(await ah.PutAsJsonAsync($"/api/rooms/{room}/members/{mod.Id}/role", new { role = "moderator" }), 200);
        await using var bobHub = await app.ConnectAsync(bob);
        var byBob = await PostPollAsync(bob, room, ["A", "B"]);
        var byAlice = await PostPollAsync(alice, room, ["A", "B"]);

        Assert.Equal("not_allowed", await CodeOf(await CloseAsync(bob, byAlice.Id()), 403));
        Assert.StartsWith("not_allowed", HubClient.Reason(await bobHub.InvokeExpectingErrorAsync("ClosePoll", byAlice.Id())));
        Assert.Equal(JsonValueKind.Null, Poll(await MessageInHistoryAsync(bob, room, byAlice.Id())).GetProperty("closedAt").ValueKind);

        await Expect.Json(await VoteAsync(bob, byAlice.Id(), OptionIds(byAlice)[0]));
        var closed = await Expect.Json(await CloseAsync(mod, byAlice.Id()));
        Assert.NotEqual(JsonValueKind.Null, Poll(closed).GetProperty("closedAt").ValueKind);
        Assert.Equal([1, 0], Votes(Poll(closed)));
        var heard = await bobHub.WaitForAsync("PollChanged", e => e.GetProperty("messageId").GetGuid() == byAlice.Id()
                                                                  && Poll(e).GetProperty("closedAt").ValueKind != JsonValueKind.Null);
        Assert.Equal(closed.GetProperty("rev").GetInt64(), heard.GetProperty("rev").GetInt64());
        Assert.Equal("poll_closed", await CodeOf(await VoteAsync(bob, byAlice.Id(), OptionIds(byAlice)[1]), 409));
        Assert.Equal("poll_closed", await CodeOf(await VoteAsync(bob, byAlice.Id()), 409));
        var unchanged = await MessageInHistoryAsync(bob, room, byAlice.Id());
        Assert.Equal([1, 0], Votes(Poll(unchanged)));
        // Closing again changes nothing.
        var twice = await Expect.Json(await CloseAsync(alice, byAlice.Id()));
        Assert.Equal(closed.GetProperty("rev").GetInt64(), twice.GetProperty("rev").GetInt64());

        // A plain member closes their own poll over the hub.
        var own = await bobHub.InvokeAsync("ClosePoll", byBob.Id());
        Assert.NotEqual(JsonValueKind.Null, Poll(own).GetProperty("closedAt").ValueKind);
    }

    [Fact]
    public async Task APollClosesByItselfAtItsTimeOnceEvenWhenSweptTwiceAtOnceAndAfterARestart()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using (var bobHub = await app.ConnectAsync(bob))
        {
            var closesAt = DateTime.UtcNow.AddSeconds(2);
            var sent = await PostPollAsync(alice, room, ["A", "B"], closesAt: closesAt);
            await Expect.Json(await VoteAsync(bob, sent.Id(), OptionIds(sent)[0]));
            // Two more sweeps at the moment it comes due, as other nodes would: the poll still closes once.
            var sweeper = app.Services.GetRequiredService<PollSweeper>();
            while (DateTime.UtcNow < closesAt) await Task.Delay(50);
            await Task.WhenAll(sweeper.SweepAsync(default), sweeper.SweepAsync(default));
            var heard = await bobHub.WaitForAsync("PollChanged", e => Poll(e).GetProperty("closedAt").ValueKind != JsonValueKind.Null,
                TimeSpan.FromSeconds(10));
            Assert.Equal(Poll(heard).GetProperty("closesAt").GetDateTime(), Poll(heard).GetProperty("closedAt").GetDateTime());
            Assert.Equal("poll_closed", await CodeOf(await VoteAsync(bob, sent.Id(), OptionIds(sent)[1]), 409));
            Assert.Equal(0, await sweeper.SweepAsync(default));
            await bob.MarkAsync(bobHub);
            Assert.Single(bobHub.Events("PollChanged"), e => Poll(e).GetProperty("closedAt").ValueKind != JsonValueKind.Null);
        }

        // Due while the server was down: closed at its first sweep, dated at its close time.
        var later = await PostPollAsync(alice, room, ["A", "B"], closesAt: DateTime.UtcNow.AddSeconds(1));
        await app.StopServerAsync();
        await Task.Delay(1500);
        await app.RestartAsync();
        JsonElement poll = default;
        for (var i = 0; i < 100; i++)
        {
            poll = Poll(await MessageInHistoryAsync(bob, room, later.Id()));
            if (poll.GetProperty("closedAt").ValueKind != JsonValueKind.Null) break;
            await Task.Delay(100);
        }
        Assert.Equal(poll.GetProperty("closesAt").GetDateTime(), poll.GetProperty("closedAt").GetDateTime());
    }

    [Fact]
    public async Task ARetriedSendCreatesOnePollAndCatchUpCarriesTheResults()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var aliceHub = await app.ConnectAsync(alice);
        var cmid = Guid.NewGuid().ToString();
        var first = await Expect.Json(await SendAsync(alice, room, PollSend("Again?", ["Yes", "No"], clientMessageId: cmid)), 201);
        var retry = await Expect.Json(await SendAsync(alice, room, PollSend("Again?", ["Yes", "No"], clientMessageId: cmid)), 200);
        var overHub = await aliceHub.InvokeAsync("SendMessage", room, PollSend("Again?", ["only one"], clientMessageId: cmid));
        Assert.Equal(first.Id(), retry.Id());
        Assert.Equal(first.Id(), overHub.Id());
        Assert.Equal(OptionIds(first), OptionIds(retry));
        Assert.Equal((1, 2, 0), await RowsAsync(app));

        // A client that was away catches up by rev: the message comes back with the new counts, and the reader's choice.
        var since = first.GetProperty("rev").GetInt64();
        await Expect.Json(await VoteAsync(bob, first.Id(), OptionIds(first)[1]));
        var forAlice = Assert.Single((await ChangesAsync(alice, room, since)).GetProperty("messages").EnumerateArray());
        Assert.Equal([0, 1], Votes(Poll(forAlice)));
        Assert.Empty(Mine(Poll(forAlice)));
        var forBob = Assert.Single((await ChangesAsync(bob, room, since)).GetProperty("messages").EnumerateArray());
        Assert.Equal([OptionIds(first)[1]], Mine(Poll(forBob)));
        Assert.Equal(forAlice.GetProperty("rev").GetInt64(), forBob.GetProperty("rev").GetInt64());
    }

    [Fact]
    public async Task EditingTheQuestionKeepsThePollAndDeletingTheMessageRemovesIt()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);
        var sent = await PostPollAsync(alice, room, ["A", "B"]);
        await Expect.Json(await VoteAsync(bob, sent.Id(), OptionIds(sent)[0]));

        using var ah = alice.Http();
        var edited = await Expect.Json(await ah.PatchAsJsonAsync($"/api/messages/{sent.Id()}", new { text = "Where do we eat tonight?" }));
        Assert.Equal([1, 0], Votes(Poll(edited)));
        Assert.Equal([OptionIds(sent)[0]], Mine(Poll(await MessageInHistoryAsync(bob, room, sent.Id()))));

        var deleted = await Expect.Json(await ah.DeleteAsync($"/api/messages/{sent.Id()}"));
        Assert.Equal(JsonValueKind.Null, deleted.GetProperty("poll").ValueKind);
        var tombstone = await bobHub.WaitForAsync("MessageDeleted", m => m.Id() == sent.Id());
        Assert.Equal(JsonValueKind.Null, tombstone.GetProperty("poll").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await MessageInHistoryAsync(bob, room, sent.Id())).GetProperty("poll").ValueKind);
        Assert.Equal((0, 0, 0), await RowsAsync(app));
        await Expect.Problem(await VoteAsync(bob, sent.Id(), OptionIds(sent)[1]), 404);
        await Expect.Problem(await CloseAsync(alice, sent.Id()), 404);
    }
}
