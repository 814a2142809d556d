using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Clients that stop reading must cost only themselves.</summary>
public sealed class BackpressureTests
{
    [Fact]
    public async Task ClientsThatStopReadingAreDroppedWhileEveryoneElsesSendsGoOn()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:Hub:MaxQueuedBytes"] = "65536",
            ["Parley:Messages:MaxLength"] = "6000",   // the same bytes in fewer, larger messages: a quarter of the CPU
        });
        var (alice, carol, busy) = await app.AliceAndBobInARoomAsync();
        var stalled1 = await app.SignUpAsync("stalled");
        var stalled2 = await app.SignUpAsync("stalled");
        await stalled1.JoinAsync(busy);
        await stalled2.JoinAsync(busy);
        var bob = await app.SignUpAsync("bob");
        var quiet = await bob.CreateRoomAsync();

        await using var s1 = await StalledReader.ConnectAsync(app.BaseAddress, stalled1.AccessToken);
        await using var s2 = await StalledReader.ConnectAsync(app.BaseAddress, stalled2.AccessToken);
        // Reconnects as the web client does: on a starved machine even a reading client can fall 64 KiB behind.
        await using var reader = await HubClient.ConnectAsync(app.BaseAddress, carol.AccessToken, reconnect: true);
        await using var bobHub = await app.ConnectAsync(bob);

        // ~6 MB to each member of the busy room: more than a stalled socket's kernel buffers hold.
        const int senders = 4, each = 250;
        var text = new string('x', 6000);
        var hubs = new List<HubClient>();
        // The senders are members of the busy room too, so on a starved machine one may fall behind and be dropped: it
        // reconnects and sends again with the same client message id, as the web client's outbox does.
        for (var i = 0; i < senders; i++) hubs.Add(await HubClient.ConnectAsync(app.BaseAddress, alice.AccessToken, reconnect: true));
        var blast = Task.WhenAll(hubs.Select((h, i) => Task.Run(async () =>
        {
            for (var n = 0; n < each; n++)
                while (true)
                {
                    try { await h.InvokeAsync("SendMessage", busy, TestUserApi.Send(text, $"blast-{i}-{n}")); break; }
                    catch (HubError e) when (e.Message.StartsWith("Connection closed", StringComparison.Ordinal)) { await Task.Delay(100); await h.WaitUntilConnectedAsync(TimeSpan.FromSeconds(30)); }
                }
        })));
        // Meanwhile Bob chats in another room. Before the fix each of his sends waited for the stalled sockets (SignalR
        // gives up on a stuck send after 10 s); now none waits on anyone: the bound is far above normal (milliseconds,
        // seconds at worst on a starved CI machine) and half the stall.
        var slowest = TimeSpan.Zero;
        var n = 0;
        while (!blast.IsCompleted)
        {
            var started = DateTime.UtcNow;
            await bobHub.InvokeAsync("SendMessage", quiet, TestUserApi.Send("ping " + n++));
            if (DateTime.UtcNow - started > slowest) slowest = DateTime.UtcNow - started;
            await Task.Delay(50);
        }
        await blast.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"a send in another room waited {slowest.TotalMilliseconds:F0} ms");
        Assert.True(n > 10);

        var mine = await bobHub.InvokeAsync("SendMessage", quiet, TestUserApi.Send("still here"));
        await bobHub.WaitForAsync("MessageCreated", m => m.Id() == mine.Id());
        // The reader has every message in seq order: live, or (when it fell behind and was dropped too, which only a
        // starved machine makes happen) live up to the drop and the rest by catching up from the last rev it saw.
        List<long> seqs;
        if (reader.Reconnects == 0)
        {
            await reader.WaitForAsync("MessageCreated", m => m.Text() == text && reader.Events("MessageCreated").Count(e => e.Text() == text) == senders * each,
                TimeSpan.FromSeconds(30));
            seqs = reader.Events("MessageCreated").Where(m => m.Text() == text).Select(m => m.Seq()).ToList();
        }
        else
        {
            await reader.WaitUntilConnectedAsync(TimeSpan.FromSeconds(30));
            var live = reader.Events("MessageCreated").Where(m => m.GetProperty("roomId").GetGuid() == busy).ToList();
            seqs = live.Where(m => m.Text() == text).Select(m => m.Seq()).Distinct().ToList();
            var since = live.Count == 0 ? 0 : live.Max(m => m.GetProperty("rev").GetInt64());
            for (var more = true; more;)
            {
                var page = Assert.Single((await reader.InvokeAsync("Sync", new Dictionary<Guid, long> { [busy] = since })).EnumerateArray());
                Assert.False(page.GetProperty("resyncRequired").GetBoolean());
                var last = seqs.LastOrDefault();
                seqs.AddRange([.. page.GetProperty("messages").EnumerateArray().Where(m => m.Text() == text && m.Seq() > last).Select(m => m.Seq())]);
                since = page.GetProperty("lastRev").GetInt64();
                more = page.GetProperty("hasMore").GetBoolean();
            }
        }
        Assert.Equal(Enumerable.Range((int)seqs[0], senders * each).Select(x => (long)x), seqs);

        // The two that stopped reading were dropped by the server (they reconnect and catch up by rev).
        Assert.True(await s1.DrainUntilClosedAsync(TimeSpan.FromSeconds(30)), "the first stalled client is still connected");
        Assert.True(await s2.DrainUntilClosedAsync(TimeSpan.FromSeconds(30)), "the second stalled client is still connected");
        Assert.Contains(app.Logs, l => l.Contains("fell too far behind", StringComparison.Ordinal));
        foreach (var h in hubs) await h.DisposeAsync();
    }

    /// <summary>
    /// A reply larger than the output limit on its own (a catch-up page of long messages) is not "falling behind": the
    /// client that asked for it takes it. Before, it was dropped at every catch-up and so reconnected forever.
    /// </summary>
    [Fact]
    public async Task ACatchUpLargerThanTheOutputLimitReachesAReadingClient()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:Hub:MaxQueuedBytes"] = "65536",
            ["Parley:Messages:MaxLength"] = "6000",
        });
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var text = new string('x', 6000);
        for (var i = 0; i < 30; i++) await alice.PostMessageAsync(room, text);   // ~180 KB of JSON in one page

        await using var hub = await HubClient.ConnectAsync(app.BaseAddress, bob.AccessToken, reconnect: true);
        var page = Assert.Single((await hub.InvokeAsync("Sync", new Dictionary<Guid, long> { [room] = 0 })).EnumerateArray());
        Assert.Equal(30, page.GetProperty("messages").EnumerateArray().Count(m => m.Text() == text));
        Assert.Equal(0, hub.Reconnects);
        Assert.DoesNotContain(app.Logs, l => l.Contains("fell too far behind", StringComparison.Ordinal));
    }
}
