using System.Text.Json;
using Parley.Server.Calls;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Calls through a real Janus the test starts (VideoRoom over its HTTP API): which calls go through it, its cap, a
/// publisher's offer and answer, the offers subscribers get and whose streams they name, who may signal, and that
/// Parley takes people out of the Janus room when they leave the call and destroys the room when the call ends.
/// </summary>
public sealed class SfuCallTests
{
    [Fact]
    public async Task RoomAndGroupCallsGoThroughJanusAndOneToOneDmsStayPeerToPeer()
    {
        await using var janus = await StartJanusAsync();
        await using var app = await ParleyApp.StartAsync(janus.Settings());
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await using var a = await app.ConnectAsync(alice);

        var call = await a.InvokeAsync("StartCall", room, false);
        Assert.Equal("sfu", call.GetProperty("mode").GetString());
        Assert.Equal(16, call.GetProperty("maxParticipants").GetInt32());
        Assert.True(await janus.RoomExistsAsync(SfuSecrets.RoomId(call.Id())));
        // Alice's publisher is in it, under her participantId.
        Assert.Equal([Pid(call, alice.Id).ToString()], await janus.ParticipantsAsync(SfuSecrets.RoomId(call.Id())));
        await a.InvokeAsync("LeaveCall", call.Id());

        var group = await alice.OpenDmAsync(bob, carol);
        var groupCall = await a.InvokeAsync("StartCall", group, true);
        Assert.Equal("sfu", groupCall.GetProperty("mode").GetString());
        await a.InvokeAsync("LeaveCall", groupCall.Id());

        var dm = await alice.OpenDmAsync(bob);
        var dmCall = await a.InvokeAsync("StartCall", dm, false);
        Assert.Equal("mesh", dmCall.GetProperty("mode").GetString());
        Assert.False(await janus.RoomExistsAsync(SfuSecrets.RoomId(dmCall.Id())));
        // Peer-to-peer calls have no media server to talk to.
        Assert.StartsWith("not_sfu", HubClient.Reason(await a.InvokeExpectingErrorAsync("SfuPublish", dmCall.Id(), CraftedSdp.Offer(), Array.Empty<object>())));
    }

    [Fact]
    public async Task WhenJanusDoesNotAnswerACallStartsPeerToPeer()
    {
        var nothing = LoopbackPorts.Free();
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:Calls:Janus:Url"] = $"http://127.0.0.1:{nothing}/janus", ["Parley:Calls:Janus:ApiSecret"] = "s", ["Parley:Calls:Janus:AdminKey"] = "k",
        });
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);

        var call = await a.InvokeAsync("StartCall", room, false);
        Assert.Equal("mesh", call.GetProperty("mode").GetString());
        Assert.Equal(4, call.GetProperty("maxParticipants").GetInt32());
        Assert.Contains(app.Logs, l => l.Contains("peer to peer", StringComparison.Ordinal) && l.Contains(call.Id().ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task FivePeopleJoinPastTheMeshCapAndTheMediaServersCapRefusesTheSixth()
    {
        await using var janus = await StartJanusAsync();
        await using var app = await ParleyApp.StartAsync(janus.Settings(new Dictionary<string, string?> { ["Parley:Calls:Janus:MaxParticipants"] = "5" }));
        var owner = await app.SignUpAsync("owner", "Owner");
        var room = await owner.CreateRoomAsync();
        var people = new List<TestUser> { owner };
        for (var i = 0; i < 5; i++)
        {
            var u = await app.SignUpAsync($"p{i}", $"P{i}");
            await u.JoinAsync(room);
            people.Add(u);
        }
        var connections = new List<HubClient>();
        try
        {
            foreach (var u in people) connections.Add(await app.ConnectAsync(u));
            var callId = (await connections[0].InvokeAsync("StartCall", room, false)).Id();
            JsonElement last = default;
            for (var i = 1; i < 5; i++) last = await connections[i].InvokeAsync("JoinCall", callId);
            Assert.Equal(5, last.GetProperty("participants").EnumerateArray().Count(p => p.GetProperty("state").GetString() == "joined"));
            Assert.Equal(5, (await janus.ParticipantsAsync(SfuSecrets.RoomId(callId)))!.Count);

            var full = HubClient.Reason(await connections[5].InvokeExpectingErrorAsync("JoinCall", callId));
            Assert.StartsWith("call_full", full);
            Assert.Contains("at most 5", full);
        }
        finally
        {
            foreach (var c in connections) await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task APublishersOfferIsAnsweredAndSubscribersGetOffersNamingWhoseStreamsTheyAre()
    {
        await using var janus = await StartJanusAsync();
        await using var app = await ParleyApp.StartAsync(janus.Settings());
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var dave = await app.SignUpAsync("dave", "Dave");
        await dave.JoinAsync(room);
        var mallory = await app.SignUpAsync("mallory", "Mallory");
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var m = await app.ConnectAsync(mallory);
        var callId = (await a.InvokeAsync("StartCall", room, false)).Id();
        await b.InvokeAsync("JoinCall", callId);

        // Alice's offer (audio) gets Janus's answer: it receives her microphone.
        var answer = await a.InvokeAsync("SfuPublish", callId, CraftedSdp.Offer(), new[] { new { mid = "0", description = "microphone" } });
        var sdp = answer.GetProperty("sdp").GetString()!;
        Assert.StartsWith("v=0", sdp);
        Assert.Contains("m=audio", sdp);
        Assert.Contains("a=recvonly", sdp);
        await a.InvokeAsync("SfuCandidate", callId, "publisher", """{"candidate":"candidate:1 1 udp 2130706431 192.0.2.9 50000 typ host","sdpMid":"0","sdpMLineIndex":0}""");
        await a.InvokeAsync("SfuCandidate", callId, "publisher", null);

        // Janus announces a browser's publisher only once its ICE and DTLS are up, which a crafted offer never gets
        // to; a publisher fed by RTP stands in for one (Dave's, under a participantId of its own).
        var feed = Guid.NewGuid();
        var roomId = SfuSecrets.RoomId(callId);
        await janus.AddRemotePublisherAsync(roomId, SfuSecrets.RoomSecret(janus.AdminKey, callId), feed.ToString(), dave.Id.ToString(), "microphone");
        var offer = await b.WaitForAsync("SfuOffer");
        Assert.Equal(callId, offer.GetProperty("callId").GetGuid());
        Assert.Contains("m=audio", offer.GetProperty("sdp").GetString());
        var stream = Assert.Single(offer.GetProperty("streams").EnumerateArray());
        Assert.Equal(feed, stream.GetProperty("participantId").GetGuid());
        Assert.Equal(dave.Id, stream.GetProperty("userId").GetGuid());
        Assert.Equal("audio", stream.GetProperty("kind").GetString());
        Assert.Equal("microphone", stream.GetProperty("description").GetString());
        Assert.True(stream.GetProperty("active").GetBoolean());
        var mid = stream.GetProperty("mid").GetString()!;
        await a.WaitForAsync("SfuOffer");

        // Bob answers; when the feed goes, Janus's next offer says its stream is inactive, still naming whose it was.
        await b.InvokeAsync("SfuAnswer", callId, CraftedSdp.Answer(offer.GetProperty("sdp").GetString()!));
        await b.InvokeAsync("SfuCandidate", callId, "subscriber", """{"candidate":"candidate:1 1 udp 2130706431 192.0.2.9 50002 typ host","sdpMid":"0","sdpMLineIndex":0}""");
        await janus.RemoveRemotePublisherAsync(roomId, SfuSecrets.RoomSecret(janus.AdminKey, callId), feed.ToString());
        var gone = await b.WaitForAsync("SfuOffer", o => o.GetProperty("streams").EnumerateArray().Any(s => !s.GetProperty("active").GetBoolean()));
        var inactive = Assert.Single(gone.GetProperty("streams").EnumerateArray());
        Assert.Equal(mid, inactive.GetProperty("mid").GetString());
        Assert.Equal(feed, inactive.GetProperty("participantId").GetGuid());
        await b.InvokeAsync("SfuRestart", callId);

        // Only those in the call, from the tab that joined; the rest as the contract says.
        foreach (var refused in new[]
                 {
                     await m.InvokeExpectingErrorAsync("SfuPublish", callId, CraftedSdp.Offer(), Array.Empty<object>()),
                     await m.InvokeExpectingErrorAsync("SfuAnswer", callId, "v=0"),
                     await m.InvokeExpectingErrorAsync("SfuCandidate", callId, "publisher", null),
                     await m.InvokeExpectingErrorAsync("SfuRestart", callId),
                 })
            Assert.StartsWith("not_allowed", HubClient.Reason(refused));
        Assert.StartsWith("not_found", HubClient.Reason(await a.InvokeExpectingErrorAsync("SfuPublish", Guid.NewGuid(), CraftedSdp.Offer(), Array.Empty<object>())));
        Assert.StartsWith("not_mesh", HubClient.Reason(await a.InvokeExpectingErrorAsync("SignalCall", callId, Guid.NewGuid(), "offer", "v=0")));
        Assert.StartsWith("invalid", HubClient.Reason(await a.InvokeExpectingErrorAsync("SfuPublish", callId, CraftedSdp.Offer(), new[] { new { mid = "0", description = "webcam" } })));
        Assert.StartsWith("invalid", HubClient.Reason(await a.InvokeExpectingErrorAsync("SfuCandidate", callId, "both", null)));
        Assert.StartsWith("invalid", HubClient.Reason(await a.InvokeExpectingErrorAsync("SfuPublish", callId, "not an sdp", Array.Empty<object>())));
    }

    [Fact]
    public async Task ThoseWhoLeaveAreOutOfTheJanusRoomAndTheCallsEndDestroysIt()
    {
        await using var janus = await StartJanusAsync();
        await using var app = await ParleyApp.StartAsync(janus.Settings());
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.JoinAsync(room);
        var dave = await app.SignUpAsync("dave", "Dave");
        await dave.JoinAsync(room);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var c = await app.ConnectAsync(carol);
        var d = await app.ConnectAsync(dave);
        var callId = (await a.InvokeAsync("StartCall", room, false)).Id();
        var roomId = SfuSecrets.RoomId(callId);
        await b.InvokeAsync("JoinCall", callId);
        await c.InvokeAsync("JoinCall", callId);
        var call = await d.InvokeAsync("JoinCall", callId);
        Assert.Equal(4, (await janus.ParticipantsAsync(roomId))!.Count);

        // Removed by a moderator, left, or the connection dropped: each is out of the Janus room.
        await a.InvokeAsync("RemoveCallParticipant", callId, carol.Id);
        await UntilAsync(async () => !(await janus.ParticipantsAsync(roomId))!.Contains(Pid(call, carol.Id).ToString()));
        await b.InvokeAsync("LeaveCall", callId);
        await UntilAsync(async () => !(await janus.ParticipantsAsync(roomId))!.Contains(Pid(call, bob.Id).ToString()));
        d.Abort();
        await d.DisposeAsync();
        await UntilAsync(async () => !(await janus.ParticipantsAsync(roomId))!.Contains(Pid(call, dave.Id).ToString()));
        Assert.Equal([Pid(call, alice.Id).ToString()], await janus.ParticipantsAsync(roomId));

        // Back with a new participantId, under which Janus has him.
        var back = await b.InvokeAsync("JoinCall", callId);
        Assert.Contains(Pid(back, bob.Id).ToString(), (await janus.ParticipantsAsync(roomId))!);

        await a.InvokeAsync("EndCall", callId);
        await b.WaitForAsync("CallEnded");
        await UntilAsync(async () => !await janus.RoomExistsAsync(roomId));
    }

    [Fact]
    public async Task WhenJanusFailsAtAJoinTheJoinIsUndoneAndThePersonHearsTheMediaServerDidNotAnswer()
    {
        await using var janus = await StartJanusAsync();
        await using var app = await ParleyApp.StartAsync(janus.Settings());
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        var callId = (await a.InvokeAsync("StartCall", room, false)).Id();

        await janus.DisposeAsync(); // Janus goes away mid-call
        Assert.StartsWith("media_server_unavailable", HubClient.Reason(await b.InvokeExpectingErrorAsync("JoinCall", callId)));
        var call = await a.InvokeAsync("GetActiveCall", room);
        Assert.Equal("left", call.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("userId").GetGuid() == bob.Id).GetProperty("state").GetString());
        Assert.StartsWith("media_server_unavailable",
            HubClient.Reason(await a.InvokeExpectingErrorAsync("SfuPublish", callId, CraftedSdp.Offer(), new[] { new { mid = "0", description = "microphone" } })));
    }

    [Fact]
    public void JanusNeedsItsSecretsAndAnHttpUrl()
    {
        static List<string?> Problems(CallsOptions o)
        {
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(o, new(o), results, validateAllProperties: true);
            return [.. results.Select(r => r.ErrorMessage)];
        }

        Assert.Empty(Problems(new CallsOptions { Janus = { ApiSecret = "", AdminKey = "" } }));
        var missing = Problems(new CallsOptions { Janus = { Url = "http://127.0.0.1:8088/janus" } });
        Assert.Contains(missing, p => p!.Contains("Parley:Calls:Janus:ApiSecret"));
        Assert.Contains(missing, p => p!.Contains("Parley:Calls:Janus:AdminKey"));
        Assert.Contains(Problems(new CallsOptions { Janus = { Url = "ws://127.0.0.1:8188", ApiSecret = "a", AdminKey = "k" } }), p => p!.Contains("not an http(s) URL"));
        Assert.Contains(Problems(new CallsOptions { Janus = { Url = "http://127.0.0.1:8088/janus", ApiSecret = "a", AdminKey = "k", MaxParticipants = 4 } }),
            p => p!.Contains("MaxParticipants"));
        Assert.Empty(Problems(new CallsOptions { Janus = { Url = "http://127.0.0.1:8088/janus", ApiSecret = "a", AdminKey = "k" } }));
    }

    /// <summary>Two nodes: Bob's Janus session lives on node B; a moderator's removal on node A takes him out of the Janus room there too.</summary>
    [Fact]
    public async Task ARemovalDecidedOnAnotherNodeTakesThemOutOfTheJanusRoom()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "Several nodes need PostgreSQL: runs in the PostgreSQL suite.");
        await using var janus = await StartJanusAsync();
        await using var nodes = await TwoNodes.StartAsync(janus.Settings());
        var (alice, bob, room) = await nodes.A.AliceAndBobInARoomAsync();
        await using var a = await nodes.A.ConnectAsync(alice);
        await using var onB = await nodes.B.ConnectAsync(TwoNodes.On(nodes.B, bob));
        var callId = (await a.InvokeAsync("StartCall", room, false)).Id();
        var bobPid = Pid(await onB.InvokeAsync("JoinCall", callId), bob.Id).ToString();
        var roomId = SfuSecrets.RoomId(callId);
        Assert.Contains(bobPid, (await janus.ParticipantsAsync(roomId))!);

        await a.InvokeAsync("RemoveCallParticipant", callId, bob.Id);
        Assert.Equal("removed", (await onB.WaitForAsync("CallLeftHere")).GetProperty("reason").GetString());
        await UntilAsync(async () => !(await janus.ParticipantsAsync(roomId))!.Contains(bobPid));
        // His node heard Janus kick him and let go of his session.
        var onNodeB = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SfuParticipants>(nodes.B.Services);
        await UntilAsync(() => Task.FromResult(onNodeB.Find(Guid.Parse(bobPid)) is null));
        Assert.StartsWith("not_allowed", HubClient.Reason(await onB.InvokeExpectingErrorAsync("SfuRestart", callId)));
    }

    private static async Task<ThrowawayJanus> StartJanusAsync()
    {
        var host = ThrowawayJanus.HostAddress();
        Assert.SkipWhen(host is null, ThrowawayJanus.NoHostAddress);
        return await ThrowawayJanus.StartAsync(host!);
    }

    /// <summary>Waits (bounded) for what Parley does with Janus after its own answer: a departure's clean-up runs after the commit.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Janus did not get there within 15 s.");
            await Task.Delay(50);
        }
    }

    private static Guid Pid(JsonElement call, Guid userId) =>
        call.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("userId").GetGuid() == userId).GetProperty("participantId").GetGuid();
}

/// <summary>
/// Session descriptions a browser would make, written by hand: enough for Janus to answer or accept (ICE credentials,
/// a fingerprint, opus), though no media ever flows (nothing listens behind them).
/// </summary>
public static class CraftedSdp
{
    private static readonly string Fingerprint = "a=fingerprint:sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32));

    /// <summary>A publisher's offer: one audio m-line (opus), sendonly, mid 0.</summary>
    public static string Offer() => Lines(
        "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0", "a=msid-semantic: WMS",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
        "a=ice-ufrag:prly", "a=ice-pwd:parleyparleyparleyparley", "a=ice-options:trickle", Fingerprint, "a=setup:actpass",
        "a=mid:0", "a=sendonly", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1");

    /// <summary>A subscriber's answer to Janus's offer: every audio m-line received (recvonly), with the offer's mids.</summary>
    public static string Answer(string offer)
    {
        var mids = offer.Split("\r\n").Where(l => l.StartsWith("a=mid:", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
        var lines = new List<string> { "v=0", "o=- 2 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE " + string.Join(' ', mids) };
        foreach (var mid in mids)
            lines.AddRange("m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=ice-ufrag:prlz", "a=ice-pwd:parleyparleyparleyparley",
                Fingerprint, "a=setup:active", $"a=mid:{mid}", "a=recvonly", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2");
        return Lines([.. lines]);
    }

    private static string Lines(params string[] lines) => string.Join("\r\n", lines) + "\r\n";
}
