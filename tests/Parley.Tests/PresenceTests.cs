using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Presence over real hub connections: tabs, idleness, choices, the grace period, and who may see it.</summary>
public sealed class PresenceTests
{
    private static List<string> StatusesOf(HubClient watcher, Guid userId) =>
        watcher.Events("PresenceChanged").Where(e => e.GetProperty("userId").GetGuid() == userId)
            .Select(e => e.GetProperty("status").GetString()!).ToList();

    private static Task<JsonElement> SeesAsync(HubClient watcher, Guid userId, string status) =>
        watcher.WaitForAsync("PresenceChanged", e => e.GetProperty("userId").GetGuid() == userId && e.GetProperty("status").GetString() == status);

    [Fact]
    public async Task PresenceFollowsTabsAndChoicesWithoutFlappingAndOnlyRoommatesSeeIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Presence:OfflineGraceSeconds"] = "2" }, clock);
        var (alice, bob, _) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.CreateRoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);
        await using var carolHub = await app.ConnectAsync(carol);

        var tab1 = await app.ConnectAsync(alice);
        await SeesAsync(bobHub, alice.Id, "online");
        var tab2 = await app.ConnectAsync(alice);
        await tab1.InvokeAsync("SetIdle", true);              // the other tab is still in use
        await tab2.InvokeAsync("SetIdle", true);              // now every tab is idle
        await SeesAsync(bobHub, alice.Id, "away");
        await tab2.InvokeAsync("SetIdle", false);
        await tab1.InvokeAsync("SetPresence", "dnd");
        await SeesAsync(bobHub, alice.Id, "dnd");

        var seen = await bobHub.InvokeAsync("GetPresence", new[] { alice.Id, carol.Id });
        var only = Assert.Single(seen.EnumerateArray());        // Carol shares nothing with Bob: left out
        Assert.Equal(alice.Id, only.GetProperty("userId").GetGuid());
        Assert.Equal("dnd", only.GetProperty("status").GetString());
        Assert.Empty((await carolHub.InvokeAsync("GetPresence", new[] { alice.Id })).EnumerateArray());
        Assert.Contains("status must be", await tab1.InvokeExpectingErrorAsync("SetPresence", "invisible-ish"));

        await tab1.InvokeAsync("SetPresence", "online");
        await SeesAsync(bobHub, alice.Id, "online");

        // A reload: every tab closes and one comes back within the grace period. Nobody sees Alice go offline.
        // (Both tabs in use first: the server may hear the two closes in either order, and an idle tab left alone
        // for a moment would rightly make her away.)
        await tab1.InvokeAsync("SetIdle", false);
        await tab1.DisposeAsync();
        await tab2.DisposeAsync();
        // Once tab3 is connected, the grace timers of tab1 and tab2 are running (or were never needed): let them run out.
        var tab3 = await app.ConnectAsync(alice);
        clock.Advance(TimeSpan.FromSeconds(3));
        await alice.MarkAsync(bobHub);
        Assert.Equal(["online", "away", "online", "dnd", "online"], StatusesOf(bobHub, alice.Id));

        // Gone for good: offline after the grace period, with the time she was last seen.
        var before = clock.GetUtcNow().UtcDateTime;
        await tab3.DisposeAsync();
        // The grace timer starts when the server hears the close: move time on until it has run out.
        JsonElement? offline = null;
        for (var i = 0; i < 50 && offline is null; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            offline = await bobHub.TryWaitForAsync("PresenceChanged", e => e.GetProperty("userId").GetGuid() == alice.Id && e.GetProperty("status").GetString() == "offline", TimeSpan.FromMilliseconds(200));
        }
        Assert.NotNull(offline);
        Assert.True(offline.Value.GetProperty("lastSeenAt").GetDateTime() >= before);
        Assert.Equal(["online", "away", "online", "dnd", "online", "offline"], StatusesOf(bobHub, alice.Id));
        Assert.Empty(StatusesOf(carolHub, alice.Id));           // a stranger heard nothing at all

        using var http = bob.Http();
        var rest = Assert.Single((await Expect.Json(await http.GetAsync($"/api/presence?ids={alice.Id},{carol.Id}"))).EnumerateArray());
        Assert.Equal("offline", rest.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, rest.GetProperty("lastSeenAt").ValueKind);
        await Expect.Problem(await http.GetAsync("/api/presence?ids=nope"), 400, "ids");
    }

    [Fact]
    public async Task AChosenStatusIsKeptAcrossSessionsAndSetOverRest()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Presence:OfflineGraceSeconds"] = "0" });
        var (alice, bob, _) = await app.AliceAndBobInARoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);
        using var http = alice.Http();
        var chosen = await Expect.Json(await http.PutAsJsonAsync("/api/me/presence", new { status = "away" }));
        Assert.Equal("offline", chosen.GetProperty("status").GetString()); // not connected: offline, the choice waits
        await Expect.Problem(await http.PutAsJsonAsync("/api/me/presence", new { status = "busy" }), 400, "status");

        await using (var tab = await app.ConnectAsync(alice))
            await SeesAsync(bobHub, alice.Id, "away");             // comes online as away, as she chose
        await SeesAsync(bobHub, alice.Id, "offline");
        Assert.DoesNotContain("online", StatusesOf(bobHub, alice.Id));
    }
}
