using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Settings, per-conversation notification levels, and who gets a push for what.</summary>
public sealed class NotificationSettingsTests
{
    private static Task<ParleyApp> StartAppAsync(Dictionary<string, string?>? more = null, TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Parley:Push:AllowPrivateEndpoints"] = "true",
            ["Parley:Push:RetryDelayMs"] = "50",
            ["Parley:Presence:StatusSweepSeconds"] = "1",
        };
        foreach (var (k, v) in more ?? []) settings[k] = v;
        return ParleyApp.StartAsync(settings, clock);
    }

    private static async Task<string> SubscribeAsync(TestUser u, TestPushService.Device device)
    {
        using var http = u.Http();
        await Expect.Status(await http.PostAsJsonAsync("/api/push/subscriptions", device.Subscription), 201);
        return (await Expect.Json(await http.GetAsync("/api/push/key"))).GetProperty("publicKey").GetString()!;
    }

    [Fact]
    public async Task SettingsHaveDefaultsAreCheckedAndReachEveryTab()
    {
        await using var app = await StartAppAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        await using var tab = await app.ConnectAsync(alice);
        using var a = alice.Http();

        var defaults = await Expect.Json(await a.GetAsync("/api/me/settings"));
        Assert.Equal("everyone", defaults.GetProperty("dmPolicy").GetString());
        Assert.True(defaults.GetProperty("readReceipts").GetBoolean());
        Assert.True(defaults.GetProperty("notificationPreview").GetBoolean());
        Assert.Equal(5, defaults.GetProperty("awayAfterMinutes").GetInt32());
        Assert.Equal(JsonValueKind.Null, defaults.GetProperty("dndSchedule").ValueKind);

        await Expect.Problem(await a.PatchAsJsonAsync("/api/me/settings", new { dmPolicy = "nobody" }), 400, "dmPolicy");
        await Expect.Problem(await a.PatchAsJsonAsync("/api/me/settings", new { readReceipts = "yes" }), 400, "readReceipts");
        await Expect.Problem(await a.PatchAsJsonAsync("/api/me/settings", new { awayAfterMinutes = 0 }), 400, "awayAfterMinutes");
        await Expect.Problem(await a.PatchAsJsonAsync("/api/me/settings", new { dndSchedule = new { start = "25:00", end = "07:00" } }), 400, "dndSchedule.start");
        await Expect.Problem(await a.PatchAsJsonAsync("/api/me/settings", new { dndSchedule = new { start = "22:00", end = "07:00", timeZone = "Mars/Olympus" } }), 400, "dndSchedule.timeZone");
        Assert.Equal(defaults.ToString(), (await Expect.Json(await a.GetAsync("/api/me/settings"))).ToString()); // nothing changed

        var changed = await Expect.Json(await a.PatchAsJsonAsync("/api/me/settings",
            new { notificationPreview = false, awayAfterMinutes = 15, dndSchedule = new { start = "22:30", end = "07:00", timeZone = "Europe/Paris" } }));
        Assert.Equal("22:30", changed.GetProperty("dndSchedule").GetProperty("start").GetString());
        Assert.Equal("Europe/Paris", changed.GetProperty("dndSchedule").GetProperty("timeZone").GetString());
        await tab.WaitForAsync("SettingsChanged", s => s.GetProperty("awayAfterMinutes").GetInt32() == 15);
        Assert.True((await Expect.Json(await a.GetAsync("/api/me/settings"))).GetProperty("readReceipts").GetBoolean()); // untouched
        var cleared = await Expect.Json(await a.PatchAsync("/api/me/settings", JsonContent.Create(new Dictionary<string, object?> { ["dndSchedule"] = null })));
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("dndSchedule").ValueKind);
        Assert.False(cleared.GetProperty("notificationPreview").GetBoolean());
    }

    [Fact]
    public async Task PushFollowsLevelsMentionsPrivacyDoNotDisturbAndBlocks()
    {
        await using var push = await TestPushService.StartAsync();
        await using var app = await StartAppAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var dm = await alice.OpenDmAsync(bob);
        var phone = push.NewDevice("bob-phone");
        var key = await SubscribeAsync(bob, phone);
        using var b = bob.Http();
        async Task<string> NextBodyAsync() => phone.Open(await push.NextAsync(phone.Name), key).GetProperty("body").GetString()!;
        // Carol hears every message of the room: once her push for a message has come, Bob's was decided too (the same
        // fan-out), so the test may change Bob's state without racing the push worker.
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.JoinAsync(room);
        var witness = push.NewDevice("carol-laptop");
        var witnessKey = await SubscribeAsync(carol, witness);
        await Expect.Json(await carol.Http().PutAsJsonAsync($"/api/rooms/{room}/notifications", new { level = "all" }));
        async Task DecidedAsync(string text)
        {
            while (witness.Open(await push.NextAsync(witness.Name), witnessKey).GetProperty("body").GetString() != text) { }
        }

        // A room notifies on mentions by default; the title names the room.
        await alice.PostMessageAsync(room, "just chatting");
        await alice.PostMessageAsync(room, $"@{bob.UserName} can you look?");
        var note = phone.Open(await push.NextAsync(phone.Name), key);
        Assert.Equal($"@{bob.UserName} can you look?", note.GetProperty("body").GetString());
        Assert.StartsWith("Alice in #", note.GetProperty("title").GetString());

        // "all" in the room: every message. The level is told to Bob's tabs and shows in his list.
        await using (var tab = await app.ConnectAsync(bob))
        {
            var set = await Expect.Json(await b.PutAsJsonAsync($"/api/rooms/{room}/notifications", new { level = "all" }));
            Assert.Equal("all", set.GetProperty("level").GetString());
            await tab.WaitForAsync("NotificationLevelChanged", e => e.GetProperty("roomId").GetGuid() == room && e.GetProperty("level").GetString() == "all");
        }
        await bob.WaitUntilDisconnectedAsync();
        Assert.Equal("all", (await bob.RoomInListAsync(room)).GetProperty("notificationLevel").GetString());
        await Expect.Problem(await b.PutAsJsonAsync($"/api/rooms/{room}/notifications", new { level = "loud" }), 400, "level");
        await alice.PostMessageAsync(room, "every word");
        Assert.Equal("every word", await NextBodyAsync());

        // Muting the DM: nothing, not even a mention.
        await Expect.Json(await b.PutAsJsonAsync($"/api/rooms/{dm}/notifications", new { level = "none" }));
        await alice.PostMessageAsync(dm, $"muted @{bob.UserName}");
        // Privacy: "New message" instead of the text.
        await Expect.Json(await b.PatchAsJsonAsync("/api/me/settings", new { notificationPreview = false }));
        await alice.PostMessageAsync(room, "secret plans");
        Assert.Equal("New message", await NextBodyAsync()); // and the muted DM never came
        await DecidedAsync("secret plans");
        await Expect.Json(await b.PatchAsJsonAsync("/api/me/settings", new { notificationPreview = true }));

        // Do not disturb (chosen), then a schedule covering all day: no push.
        await Expect.Json(await b.PutAsJsonAsync("/api/me/presence", new { status = "dnd" }));
        await alice.PostMessageAsync(room, "during dnd");
        await DecidedAsync("during dnd");
        await Expect.Json(await b.PutAsJsonAsync("/api/me/presence", new { status = "online" }));
        var now = DateTime.UtcNow;
        await Expect.Json(await b.PatchAsJsonAsync("/api/me/settings", new { dndSchedule = new { start = now.AddHours(-1).ToString("HH:00"), end = now.AddHours(2).ToString("HH:00"), timeZone = "UTC" } }));
        await alice.PostMessageAsync(room, "during the schedule");
        await DecidedAsync("during the schedule");
        await Expect.Json(await b.PatchAsync("/api/me/settings", JsonContent.Create(new Dictionary<string, object?> { ["dndSchedule"] = null })));

        // Blocked: nothing from that person.
        await Expect.Json(await b.PutAsync($"/api/blocks/{alice.Id}", null));
        await alice.PostMessageAsync(room, "blocked words");
        await DecidedAsync("blocked words");
        await Expect.Status(await b.DeleteAsync($"/api/blocks/{alice.Id}"), 204);
        await alice.PostMessageAsync(room, "unblocked");
        Assert.Equal("unblocked", await NextBodyAsync()); // the first since "secret plans": dnd, schedule and block held the rest
        await alice.PostMessageAsync(room, "marker");
        Assert.Equal("marker", await NextBodyAsync()); // and nothing came between
    }

    [Fact]
    public async Task ACustomStatusClearsItselfWhenItExpires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartAppAsync(clock: clock);
        var (alice, bob, _) = await app.AliceAndBobInARoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);
        using var a = alice.Http();

        await Expect.Problem(await a.PatchAsJsonAsync("/api/me", new { statusText = "x", statusExpiresAt = DateTime.UtcNow.AddMinutes(-1) }), 400, "statusExpiresAt");
        var until = DateTime.UtcNow.AddMinutes(1);
        var me = await Expect.Json(await a.PatchAsJsonAsync("/api/me", new { statusText = "In a meeting", statusExpiresAt = until }));
        Assert.Equal("In a meeting", me.GetProperty("statusText").GetString());
        Assert.True(me.GetProperty("statusExpiresAt").GetDateTime() > DateTime.UtcNow);
        await bobHub.WaitForAsync("UserUpdated", u => u.Id() == alice.Id && u.GetProperty("statusText").GetString() == "In a meeting");
        Assert.DoesNotContain(bobHub.Events("UserUpdated"), u => u.Id() == alice.Id && u.GetProperty("statusText").GetString() == "");
        clock.Advance(TimeSpan.FromMinutes(2)); // the sweep's next tick finds it expired
        var cleared = await bobHub.WaitForAsync("UserUpdated", u => u.Id() == alice.Id && u.GetProperty("statusText").GetString() == "");
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("statusExpiresAt").ValueKind);
        Assert.Equal("", (await Expect.Json(await a.GetAsync("/api/me"))).GetProperty("statusText").GetString());

        // A new status without an expiry stays.
        await Expect.Json(await a.PatchAsJsonAsync("/api/me", new { statusText = "Around" }));
        Assert.Equal(JsonValueKind.Null, (await Expect.Json(await a.GetAsync("/api/me"))).GetProperty("statusExpiresAt").ValueKind);
    }
}
