using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Calls over real hub connections, as the people in them see it: ringing, accepting, the signalling relay, declines,
/// missed and busy calls, the mesh cap, reconnects, and what moderators and departures do to a call.
/// </summary>
public sealed class CallTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADmCallRingsEveryTabAndSignalsReachOnlyTheTargetConnection()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var dm = await alice.OpenDmAsync(bob);
        await using var a = await app.ConnectAsync(alice);
        await using var b1 = await app.ConnectAsync(bob);
        await using var b2 = await app.ConnectAsync(bob);

        var started = await a.InvokeAsync("StartCall", dm, true);
        var callId = started.Id();
        Assert.Equal("mesh", started.GetProperty("mode").GetString());
        Assert.Equal("joined", State(started, alice.Id));
        Assert.Equal("ringing", State(started, bob.Id));
        Assert.Equal(JsonValueKind.Array, started.GetProperty("iceServers").ValueKind);
        foreach (var tab in new[] { b1, b2 })
            Assert.Equal(callId, (await tab.WaitForAsync("CallRinging")).Id());

        // Bob accepts in one tab: the other stops ringing, Alice sees him in.
        var joined = await b1.InvokeAsync("JoinCall", callId);
        var bobPid = Pid(joined, bob.Id);
        var alicePid = Pid(joined, alice.Id);
        Assert.Equal(JsonValueKind.Array, joined.GetProperty("iceServers").ValueKind);
        Assert.Equal("accepted", (await b2.WaitForAsync("CallRingingStopped")).GetProperty("reason").GetString());
        await a.WaitForAsync("CallUpdated", e => e.Id() == callId && State(e, bob.Id) == "joined");

        // Offer and answer go to exactly the connection in the call.
        await a.InvokeAsync("SignalCall", callId, bobPid, "offer", "v=0 offer");
        var offer = await b1.WaitForAsync("CallSignal");
        Assert.Equal(alicePid, offer.GetProperty("fromParticipantId").GetGuid());
        Assert.Equal(alice.Id, offer.GetProperty("fromUserId").GetGuid());
        Assert.Equal("offer", offer.GetProperty("kind").GetString());
        Assert.Equal("v=0 offer", offer.GetProperty("payload").GetString());
        await b1.InvokeAsync("SignalCall", callId, alicePid, "answer", "v=0 answer");
        Assert.Equal("answer", (await a.WaitForAsync("CallSignal")).GetProperty("kind").GetString());
        await bob.MarkAsync(b1, b2);
        Assert.Empty(b2.Events("CallSignal"));
        // Only from the tab that joined, and only known kinds.
        Assert.StartsWith("not_allowed", HubClient.Reason(await b2.InvokeExpectingErrorAsync("SignalCall", callId, alicePid, "answer", "x")));
        Assert.StartsWith("invalid", HubClient.Reason(await b1.InvokeExpectingErrorAsync("SignalCall", callId, alicePid, "hello", "x")));

        // Mute is seen by the other side; hanging up a DM call ends it for both, with its length in the timeline.
        await b1.InvokeAsync("UpdateCallMedia", callId, new { muted = true });
        await a.WaitForAsync("CallUpdated", e => Part(e, bob.Id).GetProperty("muted").GetBoolean());
        await a.InvokeAsync("LeaveCall", callId);
        Assert.Equal("ended", (await b1.WaitForAsync("CallEnded")).GetProperty("reason").GetString());
        await a.WaitForAsync("CallEnded");
        Assert.Equal("ended", (await b1.WaitForAsync("CallLeftHere")).GetProperty("reason").GetString());
        var line = await b1.WaitForAsync("MessageCreated", m => m.Text().StartsWith("Call ended · ", StringComparison.Ordinal));
        Assert.Equal("system", line.GetProperty("kind").GetString());
        Assert.Empty(await CallsOfAsync(bob));
        using var http = bob.Http();
        await Expect.Problem(await http.GetAsync($"/api/rooms/{dm}/call", Ct), 404);
    }

    [Fact]
    public async Task StrangersCanNeitherStartJoinNorSignalIntoACall()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var mallory = await app.SignUpAsync("mallory", "Mallory");
        var dm = await alice.OpenDmAsync(bob);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var m = await app.ConnectAsync(mallory);
        var callId = (await a.InvokeAsync("StartCall", dm, false)).Id();
        var joined = await b.InvokeAsync("JoinCall", callId);
        var alicePid = Pid(joined, alice.Id);

        // The DM stays hidden (as for messages); the call refuses with a code.
        Assert.StartsWith("not_found", HubClient.Reason(await m.InvokeExpectingErrorAsync("StartCall", dm, false)));
        Assert.StartsWith("not_allowed", HubClient.Reason(await m.InvokeExpectingErrorAsync("JoinCall", callId)));
        Assert.StartsWith("not_allowed", HubClient.Reason(await m.InvokeExpectingErrorAsync("SignalCall", callId, alicePid, "offer", "v=0")));
        Assert.StartsWith("not_allowed", HubClient.Reason(await m.InvokeExpectingErrorAsync("EndCall", callId)));
        Assert.StartsWith("not_found", HubClient.Reason(await m.InvokeExpectingErrorAsync("JoinCall", Guid.NewGuid())));
        using (var http = mallory.Http())
            await Expect.Problem(await http.GetAsync($"/api/rooms/{dm}/call", Ct), 404);

        // Nothing reached Alice from Mallory; Bob's signal after it does.
        await b.InvokeAsync("SignalCall", callId, alicePid, "candidate", "{}");
        await a.WaitForAsync("CallSignal", s => s.GetProperty("fromUserId").GetGuid() == bob.Id);
        Assert.DoesNotContain(a.Events("CallSignal"), s => s.GetProperty("fromUserId").GetGuid() == mallory.Id);
        // Bob, not the starter, can't end a DM call for everyone; he leaves it.
        Assert.StartsWith("not_allowed", HubClient.Reason(await b.InvokeExpectingErrorAsync("EndCall", callId)));
    }

    [Fact]
    public async Task ADeclinedCallEndsWithAMissedCallNotice()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var dm = await alice.OpenDmAsync(bob);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        var callId = (await a.InvokeAsync("StartCall", dm, false)).Id();
        await b.WaitForAsync("CallRinging");

        await b.InvokeAsync("DeclineCall", callId);
        Assert.Equal("declined", (await b.WaitForAsync("CallRingingStopped")).GetProperty("reason").GetString());
        Assert.Equal("declined", (await a.WaitForAsync("CallEnded")).GetProperty("reason").GetString());
        Assert.Equal("ended", (await a.WaitForAsync("CallLeftHere")).GetProperty("reason").GetString());
        await b.WaitForAsync("MessageCreated", msg => msg.Text() == "Missed call from Alice");
        Assert.Contains(await bob.MessagesAsync(dm), msg => msg.Text() == "Missed call from Alice");
        Assert.StartsWith("call_ended", HubClient.Reason(await b.InvokeExpectingErrorAsync("JoinCall", callId)));
    }

    [Fact]
    public async Task RingingThatNobodyAnswersStopsAsAMissedCall()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Calls:RingSeconds"] = "1" });
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var dm = await alice.OpenDmAsync(bob);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        var callId = (await a.InvokeAsync("StartCall", dm, true)).Id();
        await b.WaitForAsync("CallRinging");

        Assert.Equal("missed", (await b.WaitForAsync("CallRingingStopped")).GetProperty("reason").GetString());
        var ended = await a.WaitForAsync("CallEnded", e => e.GetProperty("callId").GetGuid() == callId);
        Assert.Equal("missed", ended.GetProperty("reason").GetString());
        await b.WaitForAsync("MessageCreated", msg => msg.Text() == "Missed call from Alice");
        Assert.Empty(await CallsOfAsync(bob));
    }

    [Fact]
    public async Task SomeoneInAnotherCallIsBusyAndNotRung()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var carol = await app.SignUpAsync("carol", "Carol");
        var ab = await alice.OpenDmAsync(bob);
        var cb = await carol.OpenDmAsync(bob);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var c = await app.ConnectAsync(carol);
        var first = (await a.InvokeAsync("StartCall", ab, false)).Id();
        await b.InvokeAsync("JoinCall", first);

        var second = await c.InvokeAsync("StartCall", cb, false);
        Assert.Equal("busy", State(second, bob.Id));
        var ended = await c.WaitForAsync("CallEnded", e => e.GetProperty("callId").GetGuid() == second.Id());
        Assert.Equal("missed", ended.GetProperty("reason").GetString());
        await b.WaitForAsync("MessageCreated", msg => msg.Text() == "Missed call from Carol");
        Assert.DoesNotContain(b.Events("CallRinging"), e => e.Id() == second.Id());
        // Bob's own call goes on.
        Assert.Equal(first, Assert.Single(await CallsOfAsync(bob)).Id());
    }

    [Fact]
    public async Task ARoomCallIsALiveBannerCappedAtTheMeshSizeAndItsTimelineRecordsIt()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Calls:MaxMeshParticipants"] = "2" });
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.JoinAsync(room);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var c = await app.ConnectAsync(carol);

        var callId = (await a.InvokeAsync("StartCall", room, false)).Id();
        Assert.Equal(callId, (await c.WaitForAsync("CallUpdated")).Id());
        await c.WaitForAsync("MessageCreated", m => m.Text() == "Alice started a call");
        Assert.Empty(c.Events("CallRinging"));
        using (var http = carol.Http())
            Assert.Equal(callId, (await Expect.Json(await http.GetAsync($"/api/rooms/{room}/call", Ct))).Id());
        Assert.Equal(callId, (await c.InvokeAsync("GetActiveCall", room)).Id());
        // Starting where a call is live joins it.
        Assert.Equal(callId, (await b.InvokeAsync("StartCall", room, false)).Id());

        var full = HubClient.Reason(await c.InvokeExpectingErrorAsync("JoinCall", callId));
        Assert.StartsWith("call_full", full);
        Assert.Contains("more than 2", full);

        await b.InvokeAsync("LeaveCall", callId);
        await c.WaitForAsync("CallUpdated", e => State(e, bob.Id) == "left");
        await c.InvokeAsync("JoinCall", callId);
        // Anyone may leave; the last one out ends it.
        await a.InvokeAsync("LeaveCall", callId);
        await c.InvokeAsync("LeaveCall", callId);
        await b.WaitForAsync("CallEnded");
        var line = await b.WaitForAsync("MessageCreated", m => m.Text().StartsWith("Call ended · ", StringComparison.Ordinal));
        Assert.EndsWith("· Alice, Bob and Carol", line.Text());
        Assert.True((await c.InvokeAsync("GetActiveCall", room)).ValueKind is JsonValueKind.Null or JsonValueKind.Undefined); // null
    }

    [Fact]
    public async Task ADroppedConnectionIsReconnectingAndRejoinsWithANewParticipantId()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        var b = await app.ConnectAsync(bob);
        var callId = (await a.InvokeAsync("StartCall", room, true)).Id();
        var before = Pid(await b.InvokeAsync("JoinCall", callId), bob.Id);
        await b.InvokeAsync("UpdateCallMedia", callId, new { muted = true, cameraOn = false });

        b.Abort();
        await b.DisposeAsync();
        await a.WaitForAsync("CallUpdated", e => State(e, bob.Id) == "reconnecting");

        // The state is the server's: a new connection finds the call and its place in it, with its media flags.
        await using var b2 = await app.ConnectAsync(bob);
        var mine = Assert.Single((await b2.InvokeAsync("GetMyCalls")).EnumerateArray());
        Assert.Equal("reconnecting", State(mine, bob.Id));
        var back = await b2.InvokeAsync("JoinCall", callId);
        var after = Pid(back, bob.Id);
        Assert.NotEqual(before, after);
        Assert.True(Part(back, bob.Id).GetProperty("muted").GetBoolean());
        await a.WaitForAsync("CallUpdated", e => State(e, bob.Id) == "joined" && Pid(e, bob.Id) == after);
        await a.InvokeAsync("SignalCall", callId, after, "offer", "v=0 again");
        await b2.WaitForAsync("CallSignal");
    }

    [Fact]
    public async Task AConnectionThatStaysAwayPastTheGraceHasLeft()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Calls:ReconnectGraceSeconds"] = "1" });
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        var b = await app.ConnectAsync(bob);
        var callId = (await a.InvokeAsync("StartCall", room, false)).Id();
        await b.InvokeAsync("JoinCall", callId);

        b.Abort();
        await b.DisposeAsync();
        await a.WaitForAsync("CallUpdated", e => State(e, bob.Id) == "reconnecting");
        await a.WaitForAsync("CallUpdated", e => State(e, bob.Id) == "left");
        // Alice is still in her room call.
        Assert.Equal("joined", State(Assert.Single(await CallsOfAsync(alice)), alice.Id));
    }

    [Fact]
    public async Task AKickedMemberLeavesTheCallAtOnce()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        var callId = (await a.InvokeAsync("StartCall", room, false)).Id();
        var alicePid = Pid(await b.InvokeAsync("JoinCall", callId), alice.Id);

        await a.InvokeAsync("KickMember", room, bob.Id, "enough");
        Assert.Equal("removed", (await b.WaitForAsync("CallLeftHere")).GetProperty("reason").GetString());
        await a.WaitForAsync("CallUpdated", e => State(e, bob.Id) == "left");
        Assert.StartsWith("not_allowed", HubClient.Reason(await b.InvokeExpectingErrorAsync("SignalCall", callId, alicePid, "offer", "v=0")));
        Assert.StartsWith("not_allowed", HubClient.Reason(await b.InvokeExpectingErrorAsync("JoinCall", callId)));
    }

    [Fact]
    public async Task ModeratorsMuteAndRemoveThoseTheyOutrank()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.JoinAsync(room);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var c = await app.ConnectAsync(carol);
        var callId = (await b.InvokeAsync("StartCall", room, false)).Id();
        await a.InvokeAsync("JoinCall", callId);
        await c.InvokeAsync("JoinCall", callId);

        // A member may not; the room's owner may.
        Assert.StartsWith("not_allowed", HubClient.Reason(await b.InvokeExpectingErrorAsync("MuteCallParticipant", callId, carol.Id)));
        Assert.StartsWith("not_allowed", HubClient.Reason(await b.InvokeExpectingErrorAsync("RemoveCallParticipant", callId, alice.Id)));
        await a.InvokeAsync("MuteCallParticipant", callId, bob.Id);
        Assert.Equal(alice.Id, (await b.WaitForAsync("CallMuteRequested")).GetProperty("byUserId").GetGuid());
        await c.WaitForAsync("CallUpdated", e => Part(e, bob.Id).GetProperty("serverMuted").GetBoolean() && Part(e, bob.Id).GetProperty("muted").GetBoolean());
        // Muted until he unmutes himself.
        await b.InvokeAsync("UpdateCallMedia", callId, new { muted = false });
        await c.WaitForAsync("CallUpdated", e => !Part(e, bob.Id).GetProperty("serverMuted").GetBoolean() && !Part(e, bob.Id).GetProperty("muted").GetBoolean());

        await a.InvokeAsync("RemoveCallParticipant", callId, carol.Id);
        Assert.Equal("removed", (await c.WaitForAsync("CallLeftHere")).GetProperty("reason").GetString());
        await b.WaitForAsync("CallUpdated", e => State(e, carol.Id) == "left");
        // Out already: nothing to remove, and the owner is told so.
        Assert.StartsWith("not_found", HubClient.Reason(await a.InvokeExpectingErrorAsync("RemoveCallParticipant", callId, carol.Id)));
        // The owner ends Bob's call for everyone.
        await a.InvokeAsync("EndCall", callId);
        Assert.Equal("ended", (await b.WaitForAsync("CallLeftHere")).GetProperty("reason").GetString());
        await c.WaitForAsync("CallEnded");
    }

    [Fact]
    public async Task JoiningFromAnotherTabReplacesTheFirst()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        await using var b1 = await app.ConnectAsync(bob);
        await using var b2 = await app.ConnectAsync(bob);
        var callId = (await a.InvokeAsync("StartCall", room, false)).Id();
        await b1.InvokeAsync("JoinCall", callId);
        var pid = Pid(await b2.InvokeAsync("JoinCall", callId), bob.Id);

        Assert.Equal("replaced", (await b1.WaitForAsync("CallLeftHere")).GetProperty("reason").GetString());
        await a.InvokeAsync("SignalCall", callId, pid, "offer", "v=0");
        await b2.WaitForAsync("CallSignal");
        await bob.MarkAsync(b1);
        Assert.Empty(b1.Events("CallSignal"));
    }

    [Fact]
    public async Task LeavingTheRoomOrClosingTheAccountLeavesTheCall()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.JoinAsync(room);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var c = await app.ConnectAsync(carol);
        var callId = (await a.InvokeAsync("StartCall", room, false)).Id();
        await b.InvokeAsync("JoinCall", callId);
        await c.InvokeAsync("JoinCall", callId);

        using (var http = bob.Http()) await Expect.Status(await http.PostAsync($"/api/rooms/{room}/leave", null, Ct), 204);
        Assert.Equal("removed", (await b.WaitForAsync("CallLeftHere")).GetProperty("reason").GetString());
        await a.WaitForAsync("CallUpdated", e => State(e, bob.Id) == "left");

        using (var http = carol.Http())
            await Expect.Status(await http.PostAsJsonAsync("/api/me/deactivate", new { password = carol.Password }, Ct), 204);
        await a.WaitForAsync("CallUpdated", e => State(e, carol.Id) == "left");
        Assert.Equal("joined", State(Assert.Single(await CallsOfAsync(alice)), alice.Id));
    }

    [Fact]
    public async Task DeletingTheRoomEndsItsCallForThoseInIt()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await app.SetRoleAsync(alice.Id, Parley.Server.Moderation.ServerRole.Admin);
        await using var b = await app.ConnectAsync(bob);
        var callId = (await b.InvokeAsync("StartCall", room, false)).Id();

        using (var http = alice.Http()) await Expect.Status(await http.DeleteAsync($"/api/rooms/{room}", Ct), 204);
        Assert.Equal("ended", (await b.WaitForAsync("CallLeftHere")).GetProperty("reason").GetString());
        Assert.Equal(callId, (await b.WaitForAsync("CallEnded")).GetProperty("callId").GetGuid());
        await b.WaitForAsync("RoomRemoved");
        Assert.Empty(await CallsOfAsync(bob));
    }

    [Fact]
    public async Task ArchivingTheRoomEndsItsCall()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var b = await app.ConnectAsync(bob);
        var callId = (await b.InvokeAsync("StartCall", room, false)).Id();

        using (var http = alice.Http()) await Expect.Status(await http.PostAsync($"/api/rooms/{room}/archive", null, Ct), 200);
        Assert.Equal("ended", (await b.WaitForAsync("CallLeftHere")).GetProperty("reason").GetString());
        Assert.Equal(callId, (await b.WaitForAsync("CallEnded")).GetProperty("callId").GetGuid());
        Assert.Empty(await CallsOfAsync(bob));
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => b.InvokeAsync("StartCall", room, false));
        Assert.Contains("archived", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeopleJoinedThroughAServerThatDiedAreLetGoAfterItsRestart()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Calls:ReconnectGraceSeconds"] = "1" });
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        Guid callId;
        await using (var a = await app.ConnectAsync(alice))
            callId = (await a.InvokeAsync("StartCall", room, false)).Id();
        await app.StopServerAsync();
        // A crash: the server never wrote that her connection closed.
        await using (var db = app.OpenDb())
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
                db.CallParticipants.Where(p => p.CallId == callId),
                s => s.SetProperty(p => p.State, Parley.Server.Calls.ParticipantState.Joined).SetProperty(p => p.ConnectionId, "gone-with-the-process"), Ct);

        await app.RestartAsync();
        using var http = alice.Http();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await http.GetAsync($"/api/rooms/{room}/call", Ct)).StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "The orphaned call did not end after the restart.");
            await Task.Delay(100, Ct);
        }
        Assert.Contains(await alice.MessagesAsync(room), m => m.Text() == "Call ended");
    }

    /// <summary>Two nodes on one PostgreSQL and Redis: signals cross, a node change keeps the call, and both sweepers end a missed call once.</summary>
    [Fact]
    public async Task ACallWorksAcrossNodesAndSurvivesANodeChange()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "Several nodes need PostgreSQL: runs in the PostgreSQL suite.");
        await using var nodes = await TwoNodes.StartAsync(new Dictionary<string, string?> { ["Parley:Calls:RingSeconds"] = "1" });
        var (alice, bob, room) = await nodes.A.AliceAndBobInARoomAsync();
        var carol = await nodes.A.SignUpAsync("carol", "Carol");
        var dm = await alice.OpenDmAsync(carol);
        await using var a = await nodes.A.ConnectAsync(alice);

        // Nobody answers Carol's ring: both nodes sweep, one missed-call line.
        var missed = (await a.InvokeAsync("StartCall", dm, false)).Id();
        Assert.Equal("missed", (await a.WaitForAsync("CallEnded", e => e.GetProperty("callId").GetGuid() == missed)).GetProperty("reason").GetString());
        await alice.PostMessageAsync(dm, "marker");
        Assert.Single(await alice.MessagesAsync(dm), m => m.Text() == "Missed call from Alice");

        var callId = (await a.InvokeAsync("StartCall", room, true)).Id();
        var onB = await nodes.B.ConnectAsync(TwoNodes.On(nodes.B, bob));
        var joined = await onB.InvokeAsync("JoinCall", callId);
        await a.InvokeAsync("SignalCall", callId, Pid(joined, bob.Id), "offer", "v=0 from A");
        Assert.Equal("v=0 from A", (await onB.WaitForAsync("CallSignal")).GetProperty("payload").GetString());

        // Bob's node goes away for him; he comes back through the other one.
        onB.Abort();
        await onB.DisposeAsync();
        await a.WaitForAsync("CallUpdated", e => State(e, bob.Id) == "reconnecting");
        await using var onA = await nodes.A.ConnectAsync(bob);
        Assert.Equal(callId, Assert.Single((await onA.InvokeAsync("GetMyCalls")).EnumerateArray()).Id());
        var back = Pid(await onA.InvokeAsync("JoinCall", callId), bob.Id);
        await onA.InvokeAsync("SignalCall", callId, Pid(joined, alice.Id), "answer", "v=0 back");
        Assert.Equal(back, (await a.WaitForAsync("CallSignal")).GetProperty("fromParticipantId").GetGuid());
    }

    private static async Task<List<JsonElement>> CallsOfAsync(TestUser u)
    {
        using var http = u.Http();
        return (await Expect.Json(await http.GetAsync("/api/calls/mine"))).EnumerateArray().ToList();
    }

    private static JsonElement Part(JsonElement call, Guid userId) =>
        call.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("userId").GetGuid() == userId);

    /// <summary>Their state in the call, or "none" when they have no part in it (yet).</summary>
    private static string State(JsonElement call, Guid userId) =>
        call.GetProperty("participants").EnumerateArray().Where(p => p.GetProperty("userId").GetGuid() == userId)
            .Select(p => p.GetProperty("state").GetString()!).FirstOrDefault() ?? "none";

    private static Guid Pid(JsonElement call, Guid userId) => Part(call, userId).GetProperty("participantId").GetGuid();
}
