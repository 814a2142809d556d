using System.Net.WebSockets;
using Microsoft.EntityFrameworkCore;
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
}
