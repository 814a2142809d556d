using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

/// <summary>
/// Every time a request gives must say its zone: a bare one is refused naming its field, and nothing is stored. Read
/// in the server's own zone, the same request would mean different moments on different servers.
/// </summary>
public sealed class ZonedTimeTests
{
    [Fact]
    public async Task ATimeWithoutItsZoneIsRefusedNamingItsFieldAndChangesNothing()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await app.SetRoleAsync(alice.Id, Parley.Server.Moderation.ServerRole.Admin);
        using var ah = alice.Http();
        var bare = DateTime.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ss");

        await Expect.Problem(await ah.PostAsJsonAsync($"/api/rooms/{room}/scheduled", new { text = "later", sendAt = bare }), 400, "sendAt");
        await Expect.Problem(await ah.PutAsJsonAsync($"/api/rooms/{room}/bans/{bob.Id}", new { reason = "spam", expiresAt = bare }), 400, "expiresAt");
        await Expect.Problem(await ah.PostAsJsonAsync("/api/admin/invites", new { expiresAt = bare }), 400, "expiresAt");
        await Expect.Problem(await ah.PatchAsJsonAsync("/api/me", new { statusText = "away", statusExpiresAt = bare }), 400, "statusExpiresAt");
        await Expect.Problem(await ah.PostAsJsonAsync($"/api/rooms/{room}/messages",
            new { clientMessageId = Guid.NewGuid().ToString(), text = "lunch?", poll = new { options = new[] { "yes", "no" }, closesAt = bare } }), 400, "poll.closesAt");

        await using (var db = app.OpenDb())
        {
            Assert.False(await db.Set<Parley.Server.Scheduling.ScheduledMessage>().AnyAsync());
            Assert.False(await db.Set<Parley.Server.Moderation.RoomSanction>().AnyAsync());
            Assert.False(await db.Set<Parley.Server.Administration.InviteLink>().AnyAsync());
            Assert.Equal("", (await db.Users.SingleAsync(u => u.Id == alice.Id)).StatusText);
        }
        Assert.DoesNotContain(await alice.MessagesAsync(room), m => m.Text() == "lunch?");

        // With its zone, as an offset or as UTC, the same moment is taken.
        var offset = DateTimeOffset.UtcNow.AddHours(2).ToOffset(TimeSpan.FromHours(5.5));
        var scheduled = await Expect.Json(await ah.PostAsJsonAsync($"/api/rooms/{room}/scheduled", new { text = "later", sendAt = offset.ToString("O") }), 201);
        Assert.Equal(offset.UtcDateTime, scheduled.GetProperty("sendAt").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        await Expect.Json(await ah.PutAsJsonAsync($"/api/rooms/{room}/bans/{bob.Id}", new { reason = "spam", expiresAt = bare + "Z" }));
    }
}
