using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Connect tickets (POST /api/auth/hub-ticket): a short single-use ticket in the hub URL instead of the access token.
/// It opens the hub as its user, once, within 30 seconds, and not after the session signed out.
/// </summary>
public sealed class HubTicketTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> TicketAsync(TestUser user)
    {
        using var http = user.Http();
        var issued = await Expect.Json(await http.PostAsync("/api/auth/hub-ticket", null, Ct));
        var ticket = issued.GetProperty("ticket").GetString()!;
        Assert.True(ticket.Length < user.AccessToken.Length / 2, $"ticket {ticket.Length} chars, token {user.AccessToken.Length}");
        return ticket;
    }

    /// <summary>The hub over a WebSocket with only the ticket (no negotiation, no header), handshake done; or the refusal's status.</summary>
    private static async Task<(ClientWebSocket? Socket, HttpStatusCode Status)> ConnectAsync(ParleyApp app, string ticket)
    {
        var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(app.BaseAddress) { Scheme = "ws", Path = HubClient.HubPath, Query = "ticket=" + Uri.EscapeDataString(ticket) }.Uri;
        try { await ws.ConnectAsync(uri, Ct); }
        catch (WebSocketException)
        {
            var status = ws.HttpStatusCode;
            ws.Dispose();
            return (null, status);
        }
        await ws.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, Ct);
        var buffer = new byte[4096];
        var read = await ws.ReceiveAsync(buffer.AsMemory(), Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);
        // Handshake accepted (the first events may follow in the same frame).
        Assert.StartsWith("{}\u001e", Encoding.UTF8.GetString(buffer, 0, read.Count));
        return (ws, HttpStatusCode.SwitchingProtocols);
    }

    [Fact]
    public async Task ATicketOpensTheHubAsItsUserOnce()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, _) = await app.AliceAndBobInARoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);
        var ticket = await TicketAsync(alice);

        var (socket, _) = await ConnectAsync(app, ticket);
        using (socket)
        {
            Assert.NotNull(socket);
            // Bob sees Alice come online: the connection is hers.
            await bobHub.WaitForAsync("PresenceChanged", e => e.GetProperty("userId").GetGuid() == alice.Id && e.GetProperty("status").GetString() == "online");
            // The same ticket again, while the first connection is open: refused.
            var (again, status) = await ConnectAsync(app, ticket);
            Assert.Null(again);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }
    }

    [Fact]
    public async Task AnExpiredForgedOrSignedOutTicketIsRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(clock: clock);
        var alice = await app.SignUpAsync("alice");

        var stale = await TicketAsync(alice);
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ConnectAsync(app, stale)).Status);

        var genuine = await TicketAsync(alice);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ConnectAsync(app, genuine[..^4] + "AAAA")).Status);

        using (var http = alice.Http()) await Expect.Status(await http.PostAsync("/api/auth/logout", null, Ct), 204);
        Assert.Equal(HttpStatusCode.Forbidden, (await ConnectAsync(app, genuine)).Status); // signed in, but not any more

        using var anonymous = app.CreateHttpClient();
        await Expect.Status(await anonymous.PostAsync("/api/auth/hub-ticket", null, Ct), 401);
    }

    [Fact]
    public async Task AFreshTicketStillConnectsAfterOneExpired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(clock: clock);
        var alice = await app.SignUpAsync("alice");
        clock.Advance(TimeSpan.FromSeconds(29)); // issued just now, used within its 30 seconds
        var ticket = await TicketAsync(alice);
        clock.Advance(TimeSpan.FromSeconds(29));
        var (socket, status) = await ConnectAsync(app, ticket);
        using (socket) Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
    }
}
