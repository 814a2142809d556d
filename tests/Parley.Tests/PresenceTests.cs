using System.Net.Http.Json;
using System.Text.Json;
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
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Presence:OfflineGraceSeconds"] = "2" });
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
        await tab1.DisposeAsync();
        await tab2.DisposeAsync();
        var tab3 = await app.ConnectAsync(alice);
        await Task.Delay(2500);
        Assert.Equal(["online", "away", "online", "dnd", "online"], StatusesOf(bobHub, alice.Id));

        // Gone for good: offline after the grace period, with the time she was last seen.
        var before = DateTime.UtcNow;
        await tab3.DisposeAsync();
        var offline = await SeesAsync(bobHub, alice.Id, "offline");
        Assert.True(offline.GetProperty("lastSeenAt").GetDateTime() >= before.AddSeconds(-1));
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
