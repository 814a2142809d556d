using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

/// <summary>
/// The three transports, the Origin check on the hub, tokens kept out of logs, oversize and malformed frames,
/// hub refusals, the per-user send limit, negotiate options and the security headers.
/// </summary>
public sealed class TransportAndHardeningTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    // ---- 1. every transport carries messages both ways ----

    [Theory]
    [InlineData(Transport.WebSockets)]
    [InlineData(Transport.ServerSentEvents)]
    [InlineData(Transport.LongPolling)]
    public async Task EachTransportCarriesMessagesBothWays(Transport transport)
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();

        await using var b = await app.ConnectAsync(bob);
        await using var a = await app.ConnectAsync(alice, transport);

        var ack = await a.InvokeAsync("SendMessage", room, new { clientMessageId = "t-" + transport, text = $"hello over {transport}" });
        Assert.Equal($"hello over {transport}", ack.Text());
        Assert.Equal("t-" + transport, ack.GetProperty("clientMessageId").GetString());
        Assert.Equal(alice.Id, ack.GetProperty("senderId").GetGuid());
        var atBob = await b.WaitForAsync("MessageCreated", m => m.Id() == ack.Id());
        Assert.Equal(ack.Seq(), atBob.Seq());
        Assert.Equal(ack.Text(), atBob.Text());

        var reply = await b.InvokeAsync("SendMessage", room, Send("hello back"));
        var atAlice = await a.WaitForAsync("MessageCreated", m => m.Id() == reply.Id());
        Assert.Equal("hello back", atAlice.Text());
        Assert.Equal(ack.Seq() + 1, atAlice.Seq());

        await using var db = app.OpenDb();
        Assert.Equal(2, await db.Messages.CountAsync(m => m.RoomId == room && (m.Id == ack.Id() || m.Id == reply.Id())));
    }

    // ---- 2. Origin check on negotiate and on the transports themselves ----

    [Fact]
    public async Task PastTheConnectionCapNewHubConnectionsAreTurnedAwayAndTheOpenOnesCarryOn()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Server:MaxConnections"] = "2" });
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        var b = await app.ConnectAsync(bob);
        await Assert.ThrowsAsync<HubConnectRefused>(() => app.ConnectAsync(bob));

        // The two open connections still talk, the REST API still answers, and a freed place can be taken.
        var sent = await a.InvokeAsync("SendMessage", room, TestUserApi.Send("still here"));
        await b.WaitForAsync("MessageCreated", m => m.Id() == sent.Id());
        Assert.Single(await bob.MessagesAsync(room, $"?after={sent.Seq() - 1}"));
        await b.DisposeAsync();
        await using var again = await Eventually(() => app.ConnectAsync(bob));
        await again.InvokeAsync("SendMessage", room, TestUserApi.Send("back"));
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> attempt)
    {
        for (var i = 0; ; i++)
        {
            try { return await attempt(); }
            catch (Exception) when (i < 50) { await Task.Delay(100); } // the server notices the close a moment later
        }
    }

    [Fact]
    public async Task AForeignOriginMayNotOpenTheHub()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        const string evil = "https://evil.example";

        // Refused at negotiate, whatever the transport.
        foreach (var t in new[] { Transport.WebSockets, Transport.ServerSentEvents, Transport.LongPolling })
        {
            var refused = await Assert.ThrowsAsync<HubConnectRefused>(() => app.ConnectAsync(alice, t, origin: evil));
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        }

        // Refused on the WebSocket handshake itself, after a negotiate that carried no Origin.
        var id = await NegotiateAsync(app, alice.AccessToken);
        using (var ws = new ClientWebSocket())
        {
            ws.Options.CollectHttpResponseDetails = true;
            ws.Options.SetRequestHeader("Origin", evil);
            // (CollectHttpResponseDetails: without it ClientWebSocket leaves HttpStatusCode at 0.)
            await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(HubWsUri(app, id, alice.AccessToken), CancellationToken.None).WaitAsync(Bound));
            Assert.Equal(HttpStatusCode.Forbidden, ws.HttpStatusCode);
            Assert.NotEqual(WebSocketState.Open, ws.State);
        }

        // And on the SSE stream and a long-polling send.
        var id2 = await NegotiateAsync(app, alice.AccessToken);
        using (var http = app.CreateHttpClient(alice.AccessToken))
        {
            using var sse = new HttpRequestMessage(HttpMethod.Get, $"{HubClient.HubPath}?id={Uri.EscapeDataString(id2)}");
            sse.Headers.Add("Origin", evil);
            sse.Headers.Accept.Add(new("text/event-stream"));
            using var sseRes = await http.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Forbidden, sseRes.StatusCode);

            using var post = new HttpRequestMessage(HttpMethod.Post, $"{HubClient.HubPath}?id={Uri.EscapeDataString(id2)}")
            {
                Content = new StringContent("""{"protocol":"json","version":1}""" + "\u001e", Encoding.UTF8, "text/plain"),
            };
            post.Headers.Add("Origin", evil);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(post)).StatusCode);
        }

        // A look-alike of the server's own origin is foreign too.
        var lookAlike = $"http://{app.BaseAddress.Host}.evil.example:{app.BaseAddress.Port}";
        await Assert.ThrowsAsync<HubConnectRefused>(() => app.ConnectAsync(alice, Transport.WebSockets, lookAlike));
        await Assert.ThrowsAsync<HubConnectRefused>(() => app.ConnectAsync(alice, Transport.WebSockets, "null"));
    }

    [Fact]
    public async Task TheServersOwnOriginIsAccepted()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var room = await alice.CreateRoomAsync();
        var self = app.BaseAddress.GetLeftPart(UriPartial.Authority); // no trailing slash
        Assert.False(self.EndsWith('/'));

        foreach (var t in new[] { Transport.WebSockets, Transport.ServerSentEvents, Transport.LongPolling })
        {
            await using var hub = await app.ConnectAsync(alice, t, origin: self);
            var ack = await hub.InvokeAsync("SendMessage", room, Send($"same origin over {t}"));
            Assert.Equal($"same origin over {t}", ack.Text());
        }
    }

    [Fact]
    public async Task AnOriginListedInConfigurationIsAccepted()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:Hub:AllowedOrigins:0"] = "http://dev.example:5173",
        });
        var alice = await app.SignUpAsync("alice");
        var room = await alice.CreateRoomAsync();

        await using (var hub = await app.ConnectAsync(alice, Transport.WebSockets, origin: "http://dev.example:5173"))
            Assert.Equal("from the dev server", (await hub.InvokeAsync("SendMessage", room, Send("from the dev server"))).Text());
        await using (var hub = await app.ConnectAsync(alice, Transport.ServerSentEvents, origin: "http://dev.example:5173"))
            Assert.Equal("from the dev server too", (await hub.InvokeAsync("SendMessage", room, Send("from the dev server too"))).Text());

        // Only that origin: another port or scheme of the same host is still foreign.
        var otherPort = await Assert.ThrowsAsync<HubConnectRefused>(() => app.ConnectAsync(alice, Transport.WebSockets, "http://dev.example:5174"));
        Assert.Equal(HttpStatusCode.Forbidden, otherPort.Status);
        await Assert.ThrowsAsync<HubConnectRefused>(() => app.ConnectAsync(alice, Transport.WebSockets, "https://dev.example:5173"));
    }

    // ---- 3. tokens stay out of the logs ----

    [Fact]
    public async Task ARequestRefusedThroughTheErrorHandlerIsLoggedWithTheStatusItGot()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Messages:MaxLength"] = "10" });
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        using var http = alice.Http();
        var res = await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "long", text = "far more than ten characters" });
        await Expect.Problem(res, 413);
        // The request line is written as the response completes: wait for it rather than race it.
        var line = $"POST /api/rooms/{room}/messages 413 ";
        for (var i = 0; i < 50 && !app.Logs.Any(l => l.Contains(line, StringComparison.Ordinal)); i++) await Task.Delay(20);
        Assert.Contains(app.Logs, l => l.Contains(line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccessTokensNeverAppearInLogs()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();

        // Raw: it carries the token in the query string, as browsers do (the .NET client sends a header).
        await using (var ws = await app.ConnectRawAsync(alice, Transport.WebSockets))
        await using (var sse = await app.ConnectRawAsync(bob, Transport.ServerSentEvents))
        await using (var lp = await app.ConnectRawAsync(bob, Transport.LongPolling))
        {
            var m1 = await ws.InvokeAsync("SendMessage", room, Send("over websockets"));
            await sse.WaitForAsync("MessageCreated", m => m.Id() == m1.Id());
            var m2 = await sse.InvokeAsync("SendMessage", room, Send("over sse"));
            await ws.WaitForAsync("MessageCreated", m => m.Id() == m2.Id());
            await lp.InvokeAsync("MarkRead", room, m2.Seq());
        }
        // A refused token in the query string is not logged either.
        var forged = alice.AccessToken[..^4] + "AAAA";
        await Assert.ThrowsAnyAsync<Exception>(() => RawHubClient.ConnectAsync(app.BaseAddress, forged, Transport.ServerSentEvents));

        var logs = app.Logs.ToArray();
        // The hub requests were logged (so the check below looked at something) …
        Assert.Contains(logs, l => l.Contains(HubClient.HubPath));
        // … and no line holds a token or a recognisable part of one.
        foreach (var token in new[] { alice.AccessToken, bob.AccessToken, forged, alice.RefreshToken, bob.RefreshToken })
        {
            Assert.True(token.Length > 40);
            var leaks = logs.Where(l => l.Contains(token[..40], StringComparison.Ordinal) || l.Contains(Uri.EscapeDataString(token)[..40], StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, "A token appears in the logs:\n" + string.Join("\n", leaks));
        }
        Assert.DoesNotContain(logs, l => l.Contains("access_token", StringComparison.OrdinalIgnoreCase));
    }

    // ---- 4. an oversize frame closes that connection only ----

    [Theory]
    [InlineData(Transport.WebSockets, 200_000)]
    [InlineData(Transport.WebSockets, 90_000)]
    [InlineData(Transport.ServerSentEvents, 200_000)]
    [InlineData(Transport.LongPolling, 200_000)]
    public async Task AnOversizeFrameClosesThatConnectionAndTheServerCarriesOn(Transport transport, int textLength)
    {
        // Messages up to 100,000 characters are allowed, so only the 64 KB frame limit can stop a 90,000-character send.
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Messages:MaxLength"] = "100000" });
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var b = await app.ConnectAsync(bob);
        await using var a = await app.ConnectRawAsync(alice, transport);
        var before = await CountMessagesAsync(app, room);

        var huge = new string('x', textLength);
        var frame = JsonSerializer.Serialize(new
        {
            type = 1, invocationId = "big", target = "SendMessage",
            arguments = new object[] { room, new { clientMessageId = "huge", text = huge } },
        }, ParleyApp.Json);
        Assert.True(Encoding.UTF8.GetByteCount(frame) > 65536);
        try { await a.SendFrameAsync(frame).WaitAsync(Bound); }
        catch (Exception e) when (e is HubError or HttpRequestException or WebSocketException or IOException) { } // the server may cut the upload short
        await a.Closed.WaitAsync(Bound);
        Assert.True(a.IsClosed);

        // Bob, on the same server, still sends and receives; so does Alice on a new connection.
        await using var a2 = await app.ConnectAsync(alice, transport);
        var fromBob = await b.InvokeAsync("SendMessage", room, Send("still here"));
        await b.WaitForAsync("MessageCreated", m => m.Id() == fromBob.Id());
        await a2.WaitForAsync("MessageCreated", m => m.Id() == fromBob.Id());
        var fromAlice = await a2.InvokeAsync("SendMessage", room, Send("me too"));
        await b.WaitForAsync("MessageCreated", m => m.Id() == fromAlice.Id());

        await using var db = app.OpenDb();
        Assert.False(await db.Messages.AnyAsync(m => m.ClientMessageId == "huge"));
        Assert.False(await db.Messages.AnyAsync(m => m.Text.Length > 1000));
        Assert.Equal(before + 2, await db.Messages.CountAsync(m => m.RoomId == room));
    }

    // ---- 5. malformed input ----

    [Theory]
    [InlineData("invalid-json")]
    [InlineData("deeply-nested")]
    [InlineData("wrong-types")]
    [InlineData("missing-arguments")]
    [InlineData("null-message")]
    [InlineData("huge-seq-1e300")]
    [InlineData("huge-seq-integer")]
    [InlineData("unknown-method")]
    [InlineData("not-an-object")]
    public async Task MalformedInputNeitherBreaksTheServerNorStoresAnything(string kind)
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var b = await app.ConnectAsync(bob);
        await using var a = await app.ConnectRawAsync(alice);
        var before = await CountAllMessagesAsync(app);

        string outcome;
        switch (kind)
        {
            case "invalid-json":
                await a.SendRawAsync("{not json" + "\u001e");
                outcome = await OutcomeAsync(a, a.InvokeAsync("MarkRead", room, 0));
                break;
            case "deeply-nested":
                var nested = new string('[', 10_000) + new string(']', 10_000);
                outcome = await OutcomeAsync(a, a.InvokeAsync("SendMessage", room, new RawJson(nested)));
                if (!a.IsClosed) outcome += " | then: " + await OutcomeAsync(a, a.InvokeAsync("MarkRead", room, 0));
                break;
            case "wrong-types":
                outcome = await OutcomeAsync(a, a.InvokeAsync("SendMessage", 12345, "string"));
                break;
            case "missing-arguments":
                outcome = await OutcomeAsync(a, a.InvokeAsync("SendMessage", room));
                break;
            case "null-message":
                outcome = await OutcomeAsync(a, a.InvokeAsync("SendMessage", room, null));
                break;
            case "huge-seq-1e300":
                outcome = await OutcomeAsync(a, a.InvokeAsync("MarkRead", room, new RawJson("1e300")));
                break;
            case "huge-seq-integer":
                outcome = await OutcomeAsync(a, a.InvokeAsync("MarkRead", room, new RawJson("99999999999999999999")));
                break;
            case "unknown-method":
                outcome = await OutcomeAsync(a, a.InvokeAsync("DropAllTables", room, Send("bad")));
                break;
            case "not-an-object":
                outcome = await OutcomeAsync(a, a.InvokeAsync("SendMessage", room, new[] { "bad", "bad" }));
                break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
        Assert.True(outcome.StartsWith("error:") || outcome.StartsWith("closed"), $"{kind}: {outcome}");
        if (kind is "wrong-types" or "missing-arguments" or "null-message" or "unknown-method" or "not-an-object" or "huge-seq-1e300" or "huge-seq-integer")
        {
            Assert.StartsWith("error:", outcome);
            Assert.True(outcome.Length > "error: ".Length + 10, $"{kind}: the error should say something: {outcome}");
            Assert.False(a.IsClosed, $"{kind}: one bad call should not cost the connection");
        }

        // A new connection of the same user works, and Bob's connection sends and receives.
        await using var a2 = await app.ConnectAsync(alice);
        var fromAlice = await a2.InvokeAsync("SendMessage", room, Send("after " + kind));
        await b.WaitForAsync("MessageCreated", m => m.Id() == fromAlice.Id());
        var fromBob = await b.InvokeAsync("SendMessage", room, Send("bob after " + kind));
        await a2.WaitForAsync("MessageCreated", m => m.Id() == fromBob.Id());

        await using var db = app.OpenDb();
        Assert.Equal(before + 2, await db.Messages.CountAsync());
        Assert.False(await db.Messages.AnyAsync(m => m.Text == "bad" || m.Text == "string"));
        // MarkRead never moves a read position past the room's last message, whatever number it is given.
        var member = await db.RoomMembers.AsNoTracking().SingleAsync(m => m.RoomId == room && m.UserId == alice.Id);
        var lastSeq = (await db.Rooms.AsNoTracking().SingleAsync(r => r.Id == room)).LastSeq;
        Assert.InRange(member.LastReadSeq, 0, lastSeq);
    }

    [Fact]
    public async Task MarkReadWithTheLargestSeqStopsAtTheLastMessage()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        var last = await a.InvokeAsync("SendMessage", room, Send("one"));
        await using var b = await app.ConnectAsync(bob);
        var read = await b.InvokeAsync("MarkRead", room, long.MaxValue);
        Assert.Equal(last.Seq(), read.GetProperty("lastReadSeq").GetInt64());
        Assert.Equal(0, read.GetProperty("unreadCount").GetInt32());
        Assert.Contains("seq", await b.InvokeExpectingErrorAsync("MarkRead", room, -1), StringComparison.OrdinalIgnoreCase);
    }

    // ---- 6. hub refusals ----

    [Fact]
    public async Task HubRefusalsAreReadableAndStoreNothing()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var eve = await app.SignUpAsync("eve");
        var room = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(room, bob);
        var lobby = await alice.CreateRoomAsync(visibility: "public");
        await using var a = await app.ConnectAsync(alice);
        await using var e = await app.ConnectAsync(eve);
        var before = await CountMessagesAsync(app, room);
        var beforeAll = await CountAllMessagesAsync(app);

        Assert.Contains("not found", await e.InvokeExpectingErrorAsync("SendMessage", room, Send("let me in")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not found", await a.InvokeExpectingErrorAsync("SendMessage", Guid.NewGuid(), Send("to nowhere")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("join", await e.InvokeExpectingErrorAsync("SendMessage", lobby, Send("not joined")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("empty", await a.InvokeExpectingErrorAsync("SendMessage", room, Send("")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("empty", await a.InvokeExpectingErrorAsync("SendMessage", room, Send(" \n\t \u00a0 ")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("empty", await a.InvokeExpectingErrorAsync("SendMessage", room, new { clientMessageId = "no-text" }), StringComparison.OrdinalIgnoreCase);
        var tooLong = await a.InvokeExpectingErrorAsync("SendMessage", room, Send(new string('y', 4001)));
        Assert.Contains("4000", tooLong);
        Assert.Contains("control", await a.InvokeExpectingErrorAsync("SendMessage", room, Send("ding\u0007")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("control", await a.InvokeExpectingErrorAsync("SendMessage", room, Send("\u001b[31mred")), StringComparison.OrdinalIgnoreCase);
        // A lone surrogate, escaped in the JSON as a browser would send it.
        var surrogate = await a.InvokeExpectingErrorAsync("SendMessage", room,
            new RawJson("""{"clientMessageId":"lone-surrogate","text":"broken \uD800 text"}"""));
        Assert.False(string.IsNullOrWhiteSpace(surrogate));
        // Over REST the same body is a 400 (the JSON reader refuses the lone surrogate before the text rules see it).
        using (var http = alice.Http())
        {
            var res = await http.PostAsync($"/api/rooms/{room}/messages", new StringContent(
                """{"clientMessageId":"lone-surrogate-rest","text":"broken \uD800 text"}""", Encoding.UTF8, "application/json"));
            await Expect.Problem(res, 400);
        }
        Assert.Contains("clientMessageId", await a.InvokeExpectingErrorAsync("SendMessage", room, new { text = "no id" }));
        Assert.Contains("clientMessageId", await a.InvokeExpectingErrorAsync("SendMessage", room, new { clientMessageId = "  ", text = "blank id" }));
        Assert.Contains("clientMessageId", await a.InvokeExpectingErrorAsync("SendMessage", room, Send("long id", new string('c', 65))));
        Assert.Contains("clientMessageId", await a.InvokeExpectingErrorAsync("SendMessage", room, Send("odd id", "id\u0000")));
        var replyErr = await a.InvokeExpectingErrorAsync("SendMessage", room, Send("reply to nothing", replyToId: Guid.NewGuid()));
        Assert.Contains("replied to", replyErr, StringComparison.OrdinalIgnoreCase);

        // None of the refusals cost the connection, and nothing reached anyone.
        Assert.False(a.IsClosed);
        Assert.False(e.IsClosed);
        Assert.Empty(e.Events("MessageCreated"));
        Assert.Equal(before, await CountMessagesAsync(app, room));
        Assert.Equal(beforeAll, await CountAllMessagesAsync(app));

        // The exact limit is fine.
        Assert.Equal(4000, (await a.InvokeAsync("SendMessage", room, Send(new string('y', 4000)))).Text().Length);
        Assert.Equal(before + 1, await CountMessagesAsync(app, room));
    }

    // ---- 7. per-user send limit ----

    [Fact]
    public async Task EveryHubCallCountsAgainstAPerUserBudget()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:RateLimits:CallBurst"] = "5",
            ["Parley:RateLimits:CallsPerSecond"] = "1",
        });
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice); // connecting costs one call (Sync)
        await using var b = await app.ConnectAsync(bob);

        var refusals = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            try { await a.InvokeAsync("MarkRead", room, 1); }
            catch (HubError e) { refusals.Add(e.Message); }
        }
        Assert.NotEmpty(refusals);
        Assert.All(refusals, r => Assert.Contains("Rate limited", r));
        Assert.False(a.IsClosed);
        // Another user's budget is their own.
        await b.InvokeAsync("MarkRead", room, 1);
    }

    [Fact]
    public async Task UnknownAndBadlyTypedCallsCountAgainstTheBudget()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:RateLimits:CallBurst"] = "6",
            ["Parley:RateLimits:CallsPerSecond"] = "1",
        });
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);

        var unknown = HubClient.Reason(await a.InvokeExpectingErrorAsync("NoSuchMethod", 1, 2));
        Assert.StartsWith("unknown_method: ", unknown);
        var badlyTyped = HubClient.Reason(await a.InvokeExpectingErrorAsync("MarkRead", "not a room id", "not a number"));
        Assert.StartsWith("invalid: ", badlyTyped);
        var answers = new List<string>();
        for (var i = 0; i < 10; i++) answers.Add(HubClient.Reason(await a.InvokeExpectingErrorAsync("NoSuchMethod" + i)));
        Assert.Contains(answers, e => e.StartsWith("rate_limited retryAfter=", StringComparison.Ordinal));
        // The budget they spent is gone: a real call is refused too, while another user's budget is their own.
        Assert.StartsWith("rate_limited retryAfter=", HubClient.Reason(await a.InvokeExpectingErrorAsync("MarkRead", room, 1)));
        await b.InvokeAsync("MarkRead", room, 1);
        Assert.False(a.IsClosed);
    }

    [Fact]
    public async Task RefusedCallsDoNotFloodTheErrorLog()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        for (var i = 0; i < 20; i++) await a.InvokeExpectingErrorAsync("SendMessage", room, new { clientMessageId = "x" + i, text = "" });
        Assert.DoesNotContain(app.Logs, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    public async Task RefusalsAreProblemDetailsWhateverTheAcceptHeaderAsksFor(string accept)
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        http.DefaultRequestHeaders.Accept.ParseAdd(accept);
        using var anonymous = app.CreateHttpClient();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd(accept);

        var missing = await Expect.Problem(await http.GetAsync($"/api/rooms/{Guid.Empty}/messages"), 404);
        Assert.Equal("not_found", missing.GetProperty("code").GetString());
        await Expect.Problem(await http.PatchAsJsonAsync("/api/me/settings", new { dmPolicy = "nobody-knows" }), 400);
        await Expect.Problem(await anonymous.PostAsJsonAsync("/api/auth/login", new { userName = "nobody_here", password = "not the password" }), 401);
        await Expect.Problem(await anonymous.GetAsync("/api/me"), 401);
        // Refusals, not failures: nothing in the error log.
        Assert.DoesNotContain(app.Logs, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABodyOrParameterThatDoesNotBindIsRefusedNamingTheField()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        using var http = alice.Http();
        var path = $"/api/rooms/{room}/messages";

        await Expect.Problem(await http.PostAsJsonAsync(path, new { clientMessageId = "bind-1", text = 123 }), 400, "text");
        await Expect.Problem(await http.PostAsJsonAsync(path, new { clientMessageId = "bind-2", text = "hi", replyToId = "not-a-guid" }), 400, "replyToId");
        await Expect.Problem(await http.PostAsync(path, new StringContent("{not json", Encoding.UTF8, "application/json")), 400, "body");
        await Expect.Problem(await http.PostAsync(path, new StringContent("[]", Encoding.UTF8, "application/json")), 400, "body");
        // Not hex: the problem's traceId is, and "abc" turned up in one (a failed run).
        var limit = await Expect.Problem(await http.GetAsync(path + "?limit=xyzzy"), 400, "limit");
        Assert.Equal("invalid", limit.GetProperty("code").GetString());
        Assert.DoesNotContain("xyzzy", limit.ToString()); // the value sent is not echoed back
        await Expect.Problem(await http.GetAsync(path + "?limit=1&limit=2"), 400, "limit");

        await using var db = app.OpenDb();
        Assert.False(await db.Messages.AnyAsync(m => m.ClientMessageId!.StartsWith("bind-")));
        Assert.DoesNotContain(app.Logs, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FramesOfAnUnknownTypeAreSkippedAndTheCallsAfterThemAnswered()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectRawAsync(alice);

        await a.SendRawAsync("{\"type\":99}\u001e");
        await a.InvokeAsync("MarkRead", room, 0).WaitAsync(Bound);
        // Two in one WebSocket message, then a send.
        await a.SendRawAsync("{\"type\":0}\u001e{\"type\":-1}\u001e");
        var sent = await a.InvokeAsync("SendMessage", room, Send("after frames of unknown types")).WaitAsync(Bound);
        Assert.Equal("after frames of unknown types", sent.Text());
        Assert.False(a.IsClosed);
    }

    [Fact]
    public async Task TheRefusalIsNoMethodAClientCanCall()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectRawAsync(alice);

        var withNull = HubClient.Reason(await a.InvokeExpectingErrorAsync("RefuseCall", null, "x"));
        Assert.Equal("unknown_method: There is no hub method 'RefuseCall'.", withNull);
        // Nor can it put words in the server's mouth about another method.
        var spoofed = HubClient.Reason(await a.InvokeExpectingErrorAsync("refuseCall", "SendMessage", "unknown"));
        Assert.Equal("unknown_method: There is no hub method 'RefuseCall'.", spoofed, ignoreCase: true);
        Assert.False(a.IsClosed);
        await a.InvokeAsync("MarkRead", room, 0);
        Assert.DoesNotContain(app.Logs, l => l.StartsWith("Error", StringComparison.Ordinal) || l.Contains("NullReferenceException"));
    }

    [Fact]
    public async Task SendsBeyondTheBurstAreRateLimitedPerUser()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:RateLimits:SendBurst"] = "3",
            ["Parley:RateLimits:SendPerSecond"] = "1",
        });
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var carol = await app.SignUpAsync("carol");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room);
        await carol.JoinAsync(room);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        var before = await CountMessagesAsync(app, room);

        var accepted = new List<string>();
        var refused = new List<(string Id, string Error)>();
        for (var i = 0; i < 10; i++)
        {
            var id = "burst-" + i;
            try
            {
                await a.InvokeAsync("SendMessage", room, Send("burst " + i, id));
                accepted.Add(id);
            }
            catch (HubError e) { refused.Add((id, e.Message)); }
        }
        Assert.Equal(["burst-0", "burst-1", "burst-2"], accepted.Take(3));
        Assert.NotEmpty(refused);
        Assert.True(accepted.Count < 10);
        Assert.All(refused, r => Assert.Contains("Rate limited", r.Error));
        Assert.False(a.IsClosed);

        // Bob has a bucket of his own.
        var fromBob = await b.InvokeAsync("SendMessage", room, Send("bob is fine"));
        await a.WaitForAsync("MessageCreated", m => m.Id() == fromBob.Id());

        await using (var db = app.OpenDb())
        {
            var stored = await db.Messages.AsNoTracking().Where(m => m.RoomId == room && m.SenderId == alice.Id && m.ClientMessageId != null)
                .Select(m => m.ClientMessageId!).ToListAsync();
            Assert.Equal(accepted.OrderBy(x => x), stored.OrderBy(x => x));
            Assert.Equal(before + accepted.Count + 1, await db.Messages.CountAsync(m => m.RoomId == room));
        }

        // REST shares the bucket: Alice (and Carol, once her burst is spent) get 429 with Retry-After.
        foreach (var user in new[] { alice, carol })
        {
            using var http = user.Http();
            HttpResponseMessage? limited = null;
            var restAccepted = 0;
            for (var i = 0; i < 10 && limited is null; i++)
            {
                var res = await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = $"rest-{user.UserName}-{i}", text = "rest " + i });
                if ((int)res.StatusCode == 429) limited = res;
                else { await Expect.Status(res, 201); restAccepted++; }
            }
            Assert.NotNull(limited);
            var problem = await Expect.Problem(limited, 429);
            Assert.Contains("Rate limited", problem.GetProperty("title").GetString());
            Assert.NotNull(limited.Headers.RetryAfter);
            Assert.True(limited.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
            if (user == carol) Assert.True(restAccepted >= 3, $"Carol's first sends should pass, {restAccepted} did");
            await using var db = app.OpenDb();
            Assert.Equal(restAccepted, await db.Messages.CountAsync(m => m.SenderId == user.Id && m.ClientMessageId!.StartsWith("rest-")));
        }
    }

    // ---- 8. negotiate ----

    [Fact]
    public async Task NegotiateOffersAllTransportsAndNoStatefulReconnect()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = app.CreateHttpClient(alice.AccessToken);

        var plain = await Expect.Json(await http.PostAsync($"{HubClient.HubPath}/negotiate?negotiateVersion=1", null));
        var transports = plain.GetProperty("availableTransports").EnumerateArray().Select(t => t.GetProperty("transport").GetString()).ToList();
        Assert.Equal(["LongPolling", "ServerSentEvents", "WebSockets"], transports.Order());
        Assert.False(string.IsNullOrEmpty(plain.GetProperty("connectionToken").GetString()));
        Assert.False(plain.TryGetProperty("useStatefulReconnect", out var u) && u.ValueKind == JsonValueKind.True);

        var res = await http.PostAsync($"{HubClient.HubPath}/negotiate?negotiateVersion=1&useStatefulReconnect=true", null);
        await Expect.Status(res, 200);
        var body = await res.Content.ReadAsStringAsync();
        // Refused even when asked: its replay buffer makes writes wait on a client's acks (clients catch up by rev).
        Assert.DoesNotContain("\"useStatefulReconnect\":true", body);

        // No token, no negotiate.
        using var anon = app.CreateHttpClient();
        await Expect.Status(await anon.PostAsync($"{HubClient.HubPath}/negotiate?negotiateVersion=1", null), 401);
    }

    // ---- 9. security headers ----

    [Fact]
    public async Task ResponsesCarryTheSecurityHeaders()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var anon = app.CreateHttpClient();
        using var http = alice.Http();

        AssertSecurityHeaders(await anon.GetAsync("/healthz"), 200);
        AssertSecurityHeaders(await http.GetAsync("/api/me"), 200);
        AssertSecurityHeaders(await http.GetAsync("/api/rooms"), 200);
        AssertSecurityHeaders(await anon.GetAsync("/api/me"), 401);
    }

    [Fact]
    public async Task ErrorResponsesCarryTheSecurityHeadersToo()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();

        AssertSecurityHeaders(await http.GetAsync($"/api/rooms/{Guid.NewGuid()}/messages"), 404);
        AssertSecurityHeaders(await http.PostAsJsonAsync("/api/rooms", new { name = "x", visibility = "sideways" }), 400);
    }

    // ---- helpers ----

    private static void AssertSecurityHeaders(HttpResponseMessage res, int status)
    {
        var where = $"{res.RequestMessage?.Method} {res.RequestMessage?.RequestUri?.PathAndQuery} ({(int)res.StatusCode})";
        Assert.Equal(status, (int)res.StatusCode);
        Assert.True(res.Headers.TryGetValues("Content-Security-Policy", out var csps), $"{where}: no Content-Security-Policy");
        var csp = string.Join("; ", csps!);
        Assert.DoesNotContain("'unsafe-inline'", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        // Trusted Types: HTML and script URLs only through the client's one policy (web/src/lib/trustedTypes.ts).
        Assert.Contains("require-trusted-types-for 'script'", csp);
        Assert.Contains("trusted-types parley;", csp + ";");
        Assert.True(res.Headers.TryGetValues("X-Content-Type-Options", out var nosniff), $"{where}: no X-Content-Type-Options");
        Assert.Equal("nosniff", Assert.Single(nosniff!));
        Assert.True(res.Headers.TryGetValues("Referrer-Policy", out var referrer), $"{where}: no Referrer-Policy");
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(referrer!)));
    }

    /// <summary>How a possibly-bad invocation ended: "ok", "error: …" (an error completion) or "closed …".</summary>
    private static async Task<string> OutcomeAsync(RawHubClient hub, Task<JsonElement> invocation)
    {
        var first = await Task.WhenAny(invocation, hub.Closed).WaitAsync(Bound);
        if (first == invocation)
        {
            try
            {
                await invocation;
                return "ok";
            }
            catch (HubError e) { return "error: " + e.Message; }
        }
        _ = invocation.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // never completes now; observe its timeout
        return "closed: " + await hub.Closed;
    }

    private static async Task<string> NegotiateAsync(ParleyApp app, string token)
    {
        using var http = app.CreateHttpClient(token);
        var body = await Expect.Json(await http.PostAsync($"{HubClient.HubPath}/negotiate?negotiateVersion=1", null));
        return body.GetProperty("connectionToken").GetString()!;
    }

    private static Uri HubWsUri(ParleyApp app, string connectionToken, string accessToken) =>
        new(new UriBuilder(app.BaseAddress) { Scheme = "ws" }.Uri,
            $"{HubClient.HubPath}?id={Uri.EscapeDataString(connectionToken)}&access_token={Uri.EscapeDataString(accessToken)}");

    private static async Task<int> CountMessagesAsync(ParleyApp app, Guid roomId)
    {
        await using var db = app.OpenDb();
        return await db.Messages.CountAsync(m => m.RoomId == roomId);
    }

    private static async Task<int> CountAllMessagesAsync(ParleyApp app)
    {
        await using var db = app.OpenDb();
        return await db.Messages.CountAsync();
    }

    /// <summary>An argument written into the frame exactly as given (for JSON the serializer would refuse to produce).</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    private sealed record RawJson(string Json);

    private sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Json, skipInputValidation: true);
    }
}
