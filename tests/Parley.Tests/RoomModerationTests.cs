using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

/// <summary>Kicks, bans, timeouts, read-only and archived rooms, slow mode and moderator deletes, as the people involved see them.</summary>
public sealed class RoomModerationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKickedMembersSocketStopsHearingTheRoomAtOnceAndTheyMayComeBack()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.JoinAsync(room);
        await using var b = await app.ConnectAsync(bob);
        await using var c = await app.ConnectAsync(carol);

        using var ah = alice.Http();
        await Expect.Status(await ah.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/rooms/{room}/members/{bob.Id}")
        {
            Content = JsonContent.Create(new { reason = "off topic" }),
        }), 204);
        var removed = await b.WaitForAsync("RoomRemoved");
        Assert.Equal("off topic", removed.GetProperty("reason").GetString());
        await c.WaitForAsync("MemberLeft", e => e.GetProperty("member").GetProperty("userId").GetGuid() == bob.Id);
        await c.WaitForAsync("MessageCreated", m => m.Text() == "Bob was removed by Alice");

        var marker = await alice.PostMessageAsync(room, "after the kick");
        await c.WaitForAsync("MessageCreated", m => m.Id() == marker.Id());
        await bob.MarkAsync(b);
        Assert.DoesNotContain(b.Events("MessageCreated"), m => m.Id() == marker.Id());
        Assert.StartsWith("not_member", HubClient.Reason(await b.InvokeExpectingErrorAsync("SendMessage", room, Send("still here?"))));

        // A kick is not a ban.
        await bob.JoinAsync(room);
        await AssertAuditedOnceAsync(app, "room.kick", bob.Id);
    }

    [Theory]
    [InlineData("kick")]
    [InlineData("leave")]
    public async Task NothingStoredAfterSomeonesLineReachesThemNotEvenInTheSameCommit(string how)
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.JoinAsync(room);
        await using var b = await app.ConnectAsync(bob);
        await using var c = await app.ConnectAsync(carol);
        using var ah = alice.Http();
        using var bh = bob.Http();
        using var ch = carol.Http();

        // Carol keeps sends in flight while Bob goes: some are stored in the commit of his line, some after it. A few
        // rounds (he comes back in between), since which commit a send lands in is up to the timing.
        var outside = new List<(long From, long To)>();
        for (var round = 0; round < 4; round++)
        {
            var sends = Enumerable.Range(0, 40).Select(async i =>
            {
                if (i == 15)
                    await Expect.Status(how == "kick" ? await ah.DeleteAsync($"/api/rooms/{room}/members/{bob.Id}") : await bh.PostAsync($"/api/rooms/{room}/leave", null), 204);
                else await Expect.Status(await ch.PostAsJsonAsync($"/api/rooms/{room}/messages", Send($"busy {round}.{i}")), 201);
            }).ToList();
            await Task.WhenAll(sends);
            var line = await c.WaitForAsync("MessageCreated", m => m.Text() is "Bob was removed by Alice" or "Bob left" && !outside.Any(o => o.From == m.GetProperty("seq").GetInt64()));
            await c.WaitForAsync("MessageCreated", m => m.Text() == $"busy {round}.39");
            await bob.JoinAsync(room);
            var back = await c.WaitForAsync("MessageCreated", m => m.Text() == "Bob joined" && m.GetProperty("seq").GetInt64() > line.GetProperty("seq").GetInt64());
            outside.Add((line.GetProperty("seq").GetInt64(), back.GetProperty("seq").GetInt64()));
        }
        await bob.MarkAsync(b);
        var heard = b.Events("MessageCreated").Where(m => outside.Any(o => m.GetProperty("seq").GetInt64() > o.From && m.GetProperty("seq").GetInt64() < o.To))
            .Select(m => m.Text()).ToList();
        Assert.True(heard.Count == 0, $"Bob heard {heard.Count} messages stored while he was out: {string.Join(", ", heard)}");
    }

    [Theory]
    [InlineData("in the batch after the ban")]
    [InlineData("in the same batch as the ban")]
    public async Task ASendValidatedBeforeABanButQueuedBehindItIsRefusedAndNeverStored(string where)
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        using var ah = alice.Http();
        using var bh = bob.Http();
        var writer = app.Services.GetRequiredService<Parley.Server.Messages.SendBatcher>();

        // The test holds the database's writes: the ban is validated and queued, then Bob's send is validated (he is
        // still in) and queued behind it. In the second case a send of Alice's holds the writer first, so the ban and
        // Bob's send are written in one batch, in that order.
        Task<HttpResponseMessage> ban, send;
        Task<HttpResponseMessage>? first = null;
        await using (await RoomHold.StartAsync(app, room))
        {
            if (where == "in the same batch as the ban")
            {
                first = ah.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("first"));
                await WaitForInFlightAsync(writer, 1);
            }
            ban = ah.PutAsJsonAsync($"/api/rooms/{room}/bans/{bob.Id}", new { reason = "spam" });
            await WaitForInFlightAsync(writer, first is null ? 1 : 2);
            send = bh.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("one more"));
            await WaitForInFlightAsync(writer, first is null ? 2 : 3);
        }
        if (first is not null) await Expect.Status(await first, 201);
        await Expect.Status(await ban, 200);
        await AssertRefusedAsync(await send, 403, "banned");

        // Nothing of Bob's after the ban line, in history or live, and no gap in seq.
        var line = await a.WaitForAsync("MessageCreated", m => m.Text() == "Bob was banned by Alice");
        var marker = await alice.PostMessageAsync(room, "after the ban");
        await a.WaitForAsync("MessageCreated", m => m.Id() == marker.Id());
        Assert.DoesNotContain(a.Events("MessageCreated"), m => m.Text() == "one more");
        var history = await alice.MessagesAsync(room);
        Assert.DoesNotContain(history, m => m.Text() == "one more");
        Assert.Equal(line.GetProperty("seq").GetInt64() + 1, marker.GetProperty("seq").GetInt64());
    }

    private static async Task WaitForInFlightAsync(Parley.Server.Messages.SendBatcher writer, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (writer.InFlight < count)
        {
            if (DateTime.UtcNow > until) Assert.Fail($"{count} writes should be queued by now, not {writer.InFlight}");
            await Task.Delay(10, Ct);
        }
    }

    [Fact]
    public async Task ABannedMemberIsOutCantComeBackAndAnExpiredOrLiftedBanLetsThemIn()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(clock: clock);
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol", "Carol");
        await carol.JoinAsync(room);
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await using var c = await app.ConnectAsync(carol);

        // Over the hub, until lifted.
        var ban = await a.InvokeAsync("BanMember", room, bob.Id, new { reason = "spam" });
        Assert.Equal(bob.Id, ban.GetProperty("userId").GetGuid());
        Assert.Equal(JsonValueKind.Null, ban.GetProperty("expiresAt").ValueKind);
        Assert.True((await b.WaitForAsync("RoomRemoved")).GetProperty("banned").GetBoolean());
        await c.WaitForAsync("MessageCreated", m => m.Text() == "Bob was banned by Alice");
        var marker = await alice.PostMessageAsync(room, "after the ban");
        await c.WaitForAsync("MessageCreated", m => m.Id() == marker.Id());
        await bob.MarkAsync(b);
        Assert.DoesNotContain(b.Events("MessageCreated"), m => m.Id() == marker.Id());

        using var bh = bob.Http();
        await AssertRefusedAsync(await bh.PostAsync($"/api/rooms/{room}/join", null), 403, "banned");
        await AssertRefusedAsync(await bh.GetAsync($"/api/rooms/{room}/messages"), 403, "banned");
        await AssertRefusedAsync(await bh.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("let me in")), 403, "banned");
        Assert.StartsWith("banned", HubClient.Reason(await b.InvokeExpectingErrorAsync("SendMessage", room, Send("let me in"))));
        using var ch = carol.Http();
        await AssertRefusedAsync(await ch.PostAsJsonAsync($"/api/rooms/{room}/invite", new { userIds = new[] { bob.Id } }), 403, "banned");
        using var ah = alice.Http();
        var bans = await Expect.Json(await ah.GetAsync($"/api/rooms/{room}/bans"));
        Assert.Equal(bob.Id, Assert.Single(bans.EnumerateArray()).GetProperty("userId").GetGuid());
        await AssertRefusedAsync(await ch.GetAsync($"/api/rooms/{room}/bans"), 403, "not_allowed");

        await Expect.Status(await ah.DeleteAsync($"/api/rooms/{room}/bans/{bob.Id}"), 204);
        await bob.JoinAsync(room);
        await AssertAuditedOnceAsync(app, "room.ban", bob.Id);
        await AssertAuditedOnceAsync(app, "room.unban", bob.Id);

        // Over REST, for a minute: it ends by itself.
        var until = clock.GetUtcNow().UtcDateTime.AddSeconds(60);
        await Expect.Json(await ah.PutAsJsonAsync($"/api/rooms/{room}/bans/{bob.Id}", new { reason = "again", expiresAt = until }));
        await AssertRefusedAsync(await bh.PostAsync($"/api/rooms/{room}/join", null), 403, "banned");
        clock.Advance(TimeSpan.FromSeconds(59));
        await AssertRefusedAsync(await bh.GetAsync($"/api/rooms/{room}/messages"), 403, "banned");
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty((await Expect.Json(await ah.GetAsync($"/api/rooms/{room}/bans"))).EnumerateArray());
        await bob.JoinAsync(room);
        await bob.PostMessageAsync(room, "back");
        Assert.Equal(1, await app.Services.GetService<SanctionSweeper>()!.SweepAsync(Ct));
    }

    [Fact]
    public async Task NobodyActsOnSomeoneOfEqualOrHigherStanding()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var admin = await app.SignUpAsync("admin", "Admin");
        var mod = await app.SignUpAsync("mod", "Mod");
        await admin.JoinAsync(room);
        await app.SetRoleAsync(admin.Id, ServerRole.Admin);
        await app.SetRoleAsync(mod.Id, ServerRole.Moderator);
        using var ah = alice.Http();
        await Expect.Status(await ah.PutAsJsonAsync($"/api/rooms/{room}/members/{bob.Id}/role", new { role = "moderator" }), 200);

        using var bh = bob.Http();
        // A room moderator can't touch the room's owner, an admin, or themselves.
        await AssertRefusedAsync(await bh.DeleteAsync($"/api/rooms/{room}/members/{alice.Id}"), 403, "not_allowed");
        await AssertRefusedAsync(await bh.PutAsJsonAsync($"/api/rooms/{room}/bans/{admin.Id}", new { }), 403, "not_allowed");
        await AssertRefusedAsync(await bh.PutAsJsonAsync($"/api/rooms/{room}/timeouts/{bob.Id}", new { seconds = 60 }), 403, "not_allowed");
        // ...nor remove the words of someone above them.
        var byAdmin = await admin.PostMessageAsync(room, "from an admin");
        await AssertRefusedAsync(await bh.DeleteAsync($"/api/messages/{byAdmin.Id()}"), 403, "not_allowed");
        // The room's owner can't time out a server moderator; a server moderator can't time out an admin everywhere.
        await AssertRefusedAsync(await ah.PutAsJsonAsync($"/api/rooms/{room}/timeouts/{mod.Id}", new { seconds = 60 }), 403, "not_allowed");
        using var mh = mod.Http();
        await AssertRefusedAsync(await mh.PutAsJsonAsync($"/api/admin/users/{admin.Id}/timeout", new { seconds = 60 }), 403, "not_allowed");
        // ...but the server moderator outranks the room's owner.
        await Expect.Status(await mh.DeleteAsync($"/api/rooms/{room}/members/{alice.Id}"), 204);
        // The room keeps an owner: the longest-standing member takes over, as when an owner leaves.
        var members = (await Expect.Json(await bh.GetAsync($"/api/rooms/{room}/members"))).EnumerateArray().ToList();
        Assert.Equal("owner", members.Single(m => m.GetProperty("userId").GetGuid() == bob.Id).GetProperty("role").GetString());
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.AuditLog.CountAsync(x => x.RoomId == room && x.Action != "room.role", Ct));
    }

    [Fact]
    public async Task ATimedOutMemberReadsButCantSendOrReactUntilItEnds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(clock: clock);
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var hello = await alice.PostMessageAsync(room, "hello");
        await using var b = await app.ConnectAsync(bob);
        await bob.PostMessageAsync(room, "before"); // the send path has the membership cached by now

        using var ah = alice.Http();
        var timeout = await Expect.Json(await ah.PutAsJsonAsync($"/api/rooms/{room}/timeouts/{bob.Id}", new { seconds = 60, reason = "cool off" }));
        Assert.Equal(bob.Id, timeout.GetProperty("userId").GetGuid());
        using var bh = bob.Http();
        var refused = await AssertRefusedAsync(await bh.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("no")), 403, "timed_out");
        Assert.Contains(timeout.GetProperty("until").GetDateTime().ToString("u"), refused.GetProperty("title").GetString());
        Assert.StartsWith("timed_out", HubClient.Reason(await b.InvokeExpectingErrorAsync("SendMessage", room, Send("no"))));
        Assert.StartsWith("timed_out", HubClient.Reason(await b.InvokeExpectingErrorAsync("ToggleReaction", hello.Id(), "👍")));
        Assert.Contains(await bob.MessagesAsync(room), m => m.Id() == hello.Id());

        clock.Advance(TimeSpan.FromSeconds(59));
        await AssertRefusedAsync(await bh.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("not yet")), 403, "timed_out");
        clock.Advance(TimeSpan.FromSeconds(2));
        await b.InvokeAsync("SendMessage", room, Send("I'm back"));
        await b.InvokeAsync("ToggleReaction", hello.Id(), "👍");

        // Lifted early, and everywhere at once by a server moderator.
        await Expect.Json(await ah.PutAsJsonAsync($"/api/rooms/{room}/timeouts/{bob.Id}", new { seconds = 600 }));
        await Expect.Status(await ah.DeleteAsync($"/api/rooms/{room}/timeouts/{bob.Id}"), 204);
        await b.InvokeAsync("SendMessage", room, Send("lifted"));
        var mod = await app.SignUpAsync("mod");
        await app.SetRoleAsync(mod.Id, ServerRole.Moderator);
        var other = await alice.CreateRoomAsync();
        await bob.JoinAsync(other);
        using var mh = mod.Http();
        await Expect.Json(await mh.PutAsJsonAsync($"/api/admin/users/{bob.Id}/timeout", new { seconds = 60 }));
        Assert.StartsWith("timed_out", HubClient.Reason(await b.InvokeExpectingErrorAsync("SendMessage", other, Send("no"))));
        Assert.StartsWith("timed_out", HubClient.Reason(await b.InvokeExpectingErrorAsync("SendMessage", room, Send("no"))));
        await Expect.Status(await mh.DeleteAsync($"/api/admin/users/{bob.Id}/timeout"), 204);
        await b.InvokeAsync("SendMessage", other, Send("free"));

        await using var db = app.OpenDb();
        Assert.Equal(2, await db.AuditLog.CountAsync(x => x.Action == "room.timeout" && x.TargetUserId == bob.Id, Ct));
        await AssertAuditedOnceAsync(app, "room.timeout_lift", bob.Id);
        await AssertAuditedOnceAsync(app, "user.timeout", bob.Id);
        await AssertAuditedOnceAsync(app, "user.timeout_lift", bob.Id);
    }

    [Fact]
    public async Task SlowModeHoldsAMemberToOneMessagePerIntervalAndModeratorsAreExempt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(clock: clock);
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        using var ah = alice.Http();
        var dto = await Expect.Json(await ah.PatchAsJsonAsync($"/api/rooms/{room}", new { slowModeSeconds = 10 }));
        Assert.Equal(10, dto.GetProperty("slowModeSeconds").GetInt32());
        await Expect.Problem(await ah.PatchAsJsonAsync($"/api/rooms/{room}", new { slowModeSeconds = 21601 }), 400, "slowModeSeconds");
        await using var b = await app.ConnectAsync(bob);

        await b.InvokeAsync("SendMessage", room, Send("first"));
        clock.Advance(TimeSpan.FromSeconds(9));
        using var bh = bob.Http();
        var response = await bh.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("too soon"));
        await AssertRefusedAsync(response, 429, "slow_mode");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.StartsWith("slow_mode retryAfter=1:", HubClient.Reason(await b.InvokeExpectingErrorAsync("SendMessage", room, Send("too soon"))));
        clock.Advance(TimeSpan.FromSeconds(1));
        await b.InvokeAsync("SendMessage", room, Send("second"));

        // Leaving and joining again doesn't reset the interval.
        clock.Advance(TimeSpan.FromSeconds(4));
        await Expect.Status(await bh.PostAsync($"/api/rooms/{room}/leave", null), 204);
        await bob.JoinAsync(room);
        response = await bh.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("back again"));
        await AssertRefusedAsync(response, 429, "slow_mode");
        Assert.Equal(TimeSpan.FromSeconds(6), response.Headers.RetryAfter?.Delta);
        clock.Advance(TimeSpan.FromSeconds(6));
        await bob.PostMessageAsync(room, "third");

        // The room's owner is a moderator there: exempt.
        await alice.PostMessageAsync(room, "one");
        await alice.PostMessageAsync(room, "two");
        await using var db = app.OpenDb();
        var audit = await db.AuditLog.SingleAsync(x => x.Action == "room.settings" && x.RoomId == room, Ct);
        Assert.Contains("slowModeSeconds", audit.Details);
    }

    [Fact]
    public async Task AReadOnlyRoomTakesPostsFromModeratorsOnlyAndReactionsFromEveryone()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol");
        await carol.JoinAsync(room);
        await bob.PostMessageAsync(room, "before");
        using var ah = alice.Http();
        await Expect.Status(await ah.PutAsJsonAsync($"/api/rooms/{room}/members/{carol.Id}/role", new { role = "moderator" }), 200);
        var dto = await Expect.Json(await ah.PatchAsJsonAsync($"/api/rooms/{room}", new { readOnly = true }));
        Assert.True(dto.GetProperty("readOnly").GetBoolean());

        using var bh = bob.Http();
        await AssertRefusedAsync(await bh.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("can I?")), 403, "read_only");
        var news = await alice.PostMessageAsync(room, "announcement");
        await carol.PostMessageAsync(room, "from a moderator");
        await Expect.Json(await bh.PostAsJsonAsync($"/api/messages/{news.Id()}/reactions", new { emoji = "🎉" }));
    }

    [Fact]
    public async Task AnArchivedRoomRefusesEveryWrite()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        Guid message;
        await using (var db = app.OpenDb())
        {
            message = (await db.Messages.FirstAsync(m => m.RoomId == room, Ct)).Id;
            await db.Rooms.Where(r => r.Id == room).ExecuteUpdateAsync(s => s.SetProperty(r => r.ArchivedAt, DateTime.UtcNow), Ct);
        }
        using var ah = alice.Http();
        await AssertRefusedAsync(await ah.PostAsJsonAsync($"/api/rooms/{room}/messages", Send("anyone?")), 403, "read_only");
        await using var b = await app.ConnectAsync(bob);
        Assert.StartsWith("read_only", HubClient.Reason(await b.InvokeExpectingErrorAsync("SendMessage", room, Send("anyone?"))));
        Assert.StartsWith("read_only", HubClient.Reason(await b.InvokeExpectingErrorAsync("ToggleReaction", message, "👍")));
        var got = await Expect.Json(await ah.GetAsync($"/api/rooms/{room}"));
        Assert.True(got.GetProperty("room").GetProperty("archived").GetBoolean());
        Assert.NotEmpty(await bob.MessagesAsync(room));
    }

    [Fact]
    public async Task AModeratorsDeleteIsShownAsSuchAndTheFilesStopBeingServed()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol");
        await carol.JoinAsync(room);
        using var ah = alice.Http();
        await Expect.Status(await ah.PutAsJsonAsync($"/api/rooms/{room}/members/{carol.Id}/role", new { role = "moderator" }), 200);
        var file = await bob.UploadAsync(RandomNumberGenerator.GetBytes(1000), "spam.bin");
        await using var b = await app.ConnectAsync(bob);
        await using var a = await app.ConnectAsync(alice);
        var spam = await b.InvokeAsync("SendMessage", room, new { clientMessageId = "spam", text = "buy now", fileIds = new[] { file.Id() } });
        await Expect.Status(await ah.GetAsync($"/api/files/{file.Id()}/content"), 200);

        await using var c = await app.ConnectAsync(carol);
        var tombstone = await c.InvokeAsync("DeleteMessage", spam.Id());
        Assert.True(tombstone.GetProperty("removedByModerator").GetBoolean());
        var seen = await a.WaitForAsync("MessageDeleted", m => m.Id() == spam.Id());
        Assert.True(seen.GetProperty("removedByModerator").GetBoolean());
        Assert.Equal("", seen.Text());
        await Expect.Problem(await ah.GetAsync($"/api/files/{file.Id()}/content"), 404);
        Assert.True((await alice.MessagesAsync(room)).Single(m => m.Id() == spam.Id()).GetProperty("removedByModerator").GetBoolean());
        await AssertAuditedOnceAsync(app, "message.delete", bob.Id);

        // Deleting one's own message is no moderation: no flag, no audit entry.
        var own = await b.InvokeAsync("SendMessage", room, Send("mine"));
        var gone = await b.InvokeAsync("DeleteMessage", own.Id());
        Assert.False(gone.GetProperty("removedByModerator").GetBoolean());
        await AssertAuditedOnceAsync(app, "message.delete", bob.Id);
    }

    [Fact]
    public async Task RoomModeratorsEditTheRoomAndInviteWhenOnlyModeratorsMay()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol");
        var dave = await app.SignUpAsync("dave");
        using var ah = alice.Http();
        await Expect.Json(await ah.PatchAsJsonAsync($"/api/rooms/{room}", new { invitePolicy = "moderators" }));
        using var bh = bob.Http();
        await AssertRefusedAsync(await bh.PostAsJsonAsync($"/api/rooms/{room}/invite", new { userIds = new[] { carol.Id } }), 403, "not_allowed");
        await AssertRefusedAsync(await bh.PatchAsJsonAsync($"/api/rooms/{room}", new { topic = "mine" }), 403, "not_allowed");

        await using var a = await app.ConnectAsync(alice);
        var member = await Expect.Json(await ah.PutAsJsonAsync($"/api/rooms/{room}/members/{bob.Id}/role", new { role = "moderator" }));
        Assert.Equal("moderator", member.GetProperty("role").GetString());
        await a.WaitForAsync("MemberUpdated", e => e.GetProperty("member").GetProperty("role").GetString() == "moderator");
        // A moderator may not hand out ownership (more than their own standing).
        await AssertRefusedAsync(await bh.PutAsJsonAsync($"/api/rooms/{room}/members/{bob.Id}/role", new { role = "owner" }), 403, "not_allowed");
        await Expect.Status(await bh.PostAsJsonAsync($"/api/rooms/{room}/invite", new { userIds = new[] { carol.Id } }), 200);
        var renamed = await Expect.Json(await bh.PatchAsJsonAsync($"/api/rooms/{room}", new { topic = "moderated", invitePolicy = "members" }));
        Assert.Equal("members", renamed.GetProperty("invitePolicy").GetString());
        using var ch = carol.Http();
        await Expect.Status(await ch.PostAsJsonAsync($"/api/rooms/{room}/invite", new { userIds = new[] { dave.Id } }), 200);

        await using var db = app.OpenDb();
        Assert.Equal(2, await db.AuditLog.CountAsync(x => x.Action == "room.settings" && x.RoomId == room, Ct));
        await AssertAuditedOnceAsync(app, "room.role", bob.Id);
    }

    private static async Task<JsonElement> AssertRefusedAsync(HttpResponseMessage response, int status, string code)
    {
        var problem = await Expect.Problem(response, status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    private static async Task AssertAuditedOnceAsync(ParleyApp app, string action, Guid target)
    {
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.AuditLog.CountAsync(x => x.Action == action && x.TargetUserId == target, Ct));
    }
}
