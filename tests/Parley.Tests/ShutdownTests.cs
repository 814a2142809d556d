using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task StoppingFinishesOrRefusesSendsAndTellsClientsToReconnect()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var a = await app.ConnectAsync(alice);
        var b = await app.ConnectRawAsync(bob); // raw: the official client does not show the close status

        // Sends in flight as the server stops: each is acknowledged (and then stored) or refused, retryably.
        var sends = Enumerable.Range(0, 40).Select(async Task<(string Id, string Outcome)> (i) =>
        {
            try
            {
                await a.InvokeAsync("SendMessage", room, Send("last words " + i, "last-" + i));
                return ("last-" + i, "acked");
            }
            catch (HubError e) { return ("last-" + i, HubClient.Reason(e.Message)); }
        }).ToList();
        await Task.Delay(5); // some sends reach the server before it stops, some after
        await app.StopServerAsync();
        var outcomes = await Task.WhenAll(sends);

        await b.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(b.CloseStatus == WebSocketCloseStatus.EndpointUnavailable,
            $"closed with {b.CloseStatus?.ToString() ?? "no close frame"}; the server said: " + string.Join(" | ", app.Logs.Where(l => !l.Contains("Parley.Requests") && !l.Contains("SchemaMigrator")).TakeLast(12)));
        Assert.All(outcomes, o => Assert.True(o.Outcome == "acked" || o.Outcome.StartsWith("shutting_down", StringComparison.Ordinal)
            || o.Outcome.StartsWith("Connection closed", StringComparison.Ordinal), o.Outcome));
        await a.DisposeAsync();
        await b.DisposeAsync();

        await app.RestartAsync();
        await using var db = app.OpenDb();
        var stored = await db.Messages.AsNoTracking().Where(m => m.RoomId == room && m.ClientMessageId!.StartsWith("last-")).Select(m => m.ClientMessageId!).ToListAsync();
        Assert.Subset(stored.ToHashSet(), outcomes.Where(o => o.Outcome == "acked").Select(o => o.Id).ToHashSet());
    }

    [Fact]
    public async Task AStoppingNodeRefusesNewHubConnectionsSoTheyReconnectElsewhere()
    {
        // Seen in a cluster test: the balancer sent a reconnect back to the stopping node before its health check marked
        // it down; the new socket stayed open and held the exit for the host's whole 30 s shutdown limit.
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        (int Status, string? Code)? negotiate = null;
        int? upgrade = null;
        // Registered last, so it runs first of the stopping callbacks: the node is stopping and still answers.
        app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() =>
        {
            using var res = http.PostAsync($"{HubClient.HubPath}/negotiate?negotiateVersion=1", null).GetAwaiter().GetResult();
            var body = JsonDocument.Parse(res.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement;
            negotiate = ((int)res.StatusCode, body.TryGetProperty("code", out var code) ? code.GetString() : null);

            using var ws = new ClientWebSocket();
            ws.Options.SetRequestHeader("Authorization", "Bearer " + alice.AccessToken);
            ws.Options.CollectHttpResponseDetails = true;
            var uri = new UriBuilder(app.BaseAddress) { Scheme = "ws", Path = HubClient.HubPath }.Uri;
            try { ws.ConnectAsync(uri, CancellationToken.None).GetAwaiter().GetResult(); }
            catch (WebSocketException) { }
            upgrade = (int)ws.HttpStatusCode;
        });

        await app.StopServerAsync();

        Assert.Equal((503, "shutting_down"), negotiate);
        Assert.Equal(503, upgrade);
    }
}
