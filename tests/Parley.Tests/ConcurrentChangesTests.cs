using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

/// <summary>
/// Changes to one message that race each other, put in a known order: a transaction of the test's own holds the room's
/// row, the changes queue behind it in the order they are started (PostgreSQL grants a row lock first come, first
/// served), and the test lets them go. SQLite's writers retry instead of queueing, so no order can be set there.
/// </summary>
public sealed class ConcurrentChangesTests
{
    private const string OnlyOnPostgres = "Needs PostgreSQL's first-come row locks to set the order: runs in the PostgreSQL suite.";

    [Fact]
    public async Task AnEditThatWasWaitingWhileTheMessageWasDeletedDoesNotBringItBack()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, OnlyOnPostgres);
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var sent = await bob.PostMessageAsync(room, "something regrettable");
        await app.SetRoleAsync(alice.Id, Parley.Server.Moderation.ServerRole.Moderator);
        await using var watcher = await app.ConnectAsync(alice);
        using var ah = alice.Http();
        using var bh = bob.Http();

        HttpResponseMessage deleted, edited;
        await using (var hold = await RoomHold.StartAsync(app, room))
        {
            var delete = ah.DeleteAsync($"/api/messages/{sent.Id()}");
            await hold.WaitersAsync(1);
            var edit = bh.PatchAsJsonAsync($"/api/messages/{sent.Id()}", new { text = "something regrettable, again" });
            await hold.WaitersAsync(2);
            await hold.ReleaseAsync();
            (deleted, edited) = (await delete, await edit);
        }
        await Expect.Status(deleted, 200);
        await Expect.Problem(edited, 404);
        var shown = (await alice.MessagesAsync(room)).Single(m => m.Id() == sent.Id());
        Assert.Equal("", shown.Text());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, shown.GetProperty("deletedAt").ValueKind);
        Assert.DoesNotContain(watcher.Events("MessageEdited"), e => e.Id() == sent.Id());
        await using var db = app.OpenDb();
        Assert.False(await db.Set<Parley.Server.Messages.MessageVersion>().AnyAsync(v => v.MessageId == sent.Id()));
    }

    [Fact]
    public async Task TwoPeopleTogglingReactionsAtOnceLeaveTheReactionsThereVisibleToCatchUp()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, OnlyOnPostgres);
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var sent = await bob.PostMessageAsync(room, "lunch?");
        using var ah = alice.Http();
        using var bh = bob.Http();
        await Expect.Status(await ah.PostAsJsonAsync($"/api/messages/{sent.Id()}/reactions", new { emoji = "👍" }), 200);

        await using (var hold = await RoomHold.StartAsync(app, room))
        {
            // Alice takes her 👍 back (the last reaction) while Bob adds ❤️.
            var takeBack = ah.PostAsJsonAsync($"/api/messages/{sent.Id()}/reactions", new { emoji = "👍" });
            await hold.WaitersAsync(1);
            var add = bh.PostAsJsonAsync($"/api/messages/{sent.Id()}/reactions", new { emoji = "❤️" });
            await hold.WaitersAsync(2);
            await hold.ReleaseAsync();
            await Expect.Status(await takeBack, 200);
            await Expect.Status(await add, 200);
        }
        // What a page of history and a catch-up show: Bob's ❤️.
        var shown = (await alice.MessagesAsync(room)).Single(m => m.Id() == sent.Id());
        Assert.Equal(["❤️"], shown.GetProperty("reactions").EnumerateArray().Select(r => r.GetProperty("emoji").GetString()));
        var changes = await Expect.Json(await ah.GetAsync($"/api/rooms/{room}/changes?sinceRev=0"));
        var caughtUp = changes.GetProperty("messages").EnumerateArray().Single(m => m.Id() == sent.Id());
        Assert.Equal(["❤️"], caughtUp.GetProperty("reactions").EnumerateArray().Select(r => r.GetProperty("emoji").GetString()));
    }
}
