using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

public sealed class ConnectionCapTests
{
    private static readonly Dictionary<string, string?> CapOfThree = new() { ["Parley:Hub:MaxConnectionsPerUser"] = "3" };

    [Fact]
    public async Task OneAccountCannotOpenMoreThanItsShareOfConnections()
    {
        await using var app = await ParleyApp.StartAsync(CapOfThree);
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var open = new List<HubClient>();
        for (var i = 0; i < 3; i++) open.Add(await app.ConnectAsync(alice));

        var refused = await Assert.ThrowsAsync<HubConnectRefused>(() => app.ConnectAsync(alice));
        Assert.Equal(429, (int)refused.Status);
        using (var http = app.CreateHttpClient(alice.AccessToken))
        {
            var problem = await Expect.Problem(await http.PostAsync($"{HubClient.HubPath}/negotiate?negotiateVersion=1", null), 429);
            Assert.Equal("too_many_connections", problem.GetProperty("code").GetString());
        }
        // Nobody else is locked out, and Alice's open connections carry on.
        await using (var b = await app.ConnectAsync(bob)) await b.InvokeAsync("Sync", new Dictionary<string, long>());
        foreach (var h in open) await h.InvokeAsync("Sync", new Dictionary<string, long>());

        // Closing one frees its place.
        await open[0].DisposeAsync();
        HubClient? again = null;
        for (var i = 0; i < 100 && again is null; i++)
        {
            try { again = await app.ConnectAsync(alice); }
            catch (HubConnectRefused) { await Task.Delay(50); }
        }
        Assert.NotNull(again);
        await again.DisposeAsync();
        foreach (var h in open.Skip(1)) await h.DisposeAsync();
    }

    [Fact]
    public async Task ConnectionsOpenedAtOnceStillStopAtTheCap()
    {
        await using var app = await ParleyApp.StartAsync(CapOfThree);
        var alice = await app.SignUpAsync("alice");
        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try { return await app.ConnectAsync(alice); }
            catch (HubConnectRefused) { return null; }
            catch (HubError) { return null; } // refused after negotiate: the server closed it
        }));
        var working = 0;
        foreach (var hub in attempts.OfType<HubClient>())
        {
            try
            {
                await hub.InvokeAsync("Sync", new Dictionary<string, long>());
                working++;
            }
            catch (HubError) { } // closed by the server
            await hub.DisposeAsync();
        }
        Assert.Equal(3, working);
    }
}
