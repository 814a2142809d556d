using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Events;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Reporting messages, the moderators' queue, and that the reported person never learns who reported them.</summary>
public sealed class ReportsTests
{
    private static async Task<JsonElement> ReportAsync(TestUser u, Guid messageId, string reason, int status = 201)
    {
        using var http = u.Http();
        return await Expect.Json(await http.PostAsJsonAsync($"/api/messages/{messageId}/report", new { reason }), status);
    }

    private static async Task<JsonElement> QueueAsync(TestUser u, string query = "")
    {
        using var http = u.Http();
        return await Expect.Json(await http.GetAsync("/api/moderation/reports" + query));
    }

    private static async Task<string> NotAllowedAsync(HttpResponseMessage res) =>
        (await Expect.Problem(res, 403)).GetProperty("code").GetString()!;

    /// <summary>Alice and Bob in a private room, Bob says something, Carol is outside.</summary>
    private static async Task<(TestUser Alice, TestUser Bob, TestUser Carol, Guid Room, Guid Message)> ASaidSomethingAsync(ParleyApp app)
    {
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var carol = await app.SignUpAsync("carol", "Carol");
        var room = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(room, bob);
        var message = (await bob.PostMessageAsync(room, "something rude")).Id();
        return (alice, bob, carol, room, message);
    }

    [Fact]
    public async Task AReaderReportsOnceABadReasonNamesTheFieldAndOthersSeeNothing()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, carol, _, message) = await ASaidSomethingAsync(app);

        var first = await ReportAsync(alice, message, "insulting");
        Assert.Equal("open", first.GetProperty("state").GetString());
        var repeat = await ReportAsync(alice, message, "still insulting", 200);
        Assert.Equal(first.Id(), repeat.Id());

        using (var a = alice.Http())
        {
            await Expect.Problem(await a.PostAsJsonAsync($"/api/messages/{message}/report", new { reason = "  " }), 400, "reason");
            await Expect.Problem(await a.PostAsJsonAsync($"/api/messages/{message}/report", new { reason = new string('x', 501) }), 400, "reason");
        }
        // Carol can't read the private room: the message doesn't exist for her.
        using (var c = carol.Http())
            await Expect.Problem(await c.PostAsJsonAsync($"/api/messages/{message}/report", new { reason = "curious" }), 404);
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.Reports.CountAsync(TestContext.Current.CancellationToken));
    }

    // The author can't take the evidence back: an edit or delete leaves the text as reported in the queue.
    [Fact]
    public async Task TheQueueKeepsTheTextAsReportedAfterTheAuthorEditsOrDeletesIt()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, _, _, message) = await ASaidSomethingAsync(app);
        var mod = await app.SignUpAsync("mod", "Mod");
        await app.SetRoleAsync(mod.Id, ServerRole.Moderator);
        await ReportAsync(alice, message, "insulting");

        using var asBob = bob.Http();
        await Expect.Json(await asBob.PatchAsJsonAsync($"/api/messages/{message}", new { text = "something nice" }));
        var edited = (await QueueAsync(mod)).GetProperty("items")[0].GetProperty("message");
        Assert.Equal("something nice", edited.GetProperty("text").GetString());
        Assert.Equal("something rude", edited.GetProperty("textWhenReported").GetString());

        await Expect.Status(await asBob.DeleteAsync($"/api/messages/{message}"), 200);
        var deleted = (await QueueAsync(mod)).GetProperty("items")[0].GetProperty("message");
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal("something rude", deleted.GetProperty("textWhenReported").GetString());
    }

    [Fact]
    public async Task ModeratorsResolveAndDismissEachWithOneAuditEntryMembersAndGuestsAreRefused()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, carol, room, message) = await ASaidSomethingAsync(app);
        var second = (await bob.PostMessageAsync(room, "and again")).Id();
        var mod = await app.SignUpAsync("mod", "Mod");
        await app.SetRoleAsync(mod.Id, ServerRole.Moderator);
        await app.SetRoleAsync(carol.Id, ServerRole.Guest);
        var r1 = (await ReportAsync(alice, message, "insulting")).Id();
        var r2 = (await ReportAsync(alice, second, "spam")).Id();

        var open = (await QueueAsync(mod)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([r2, r1], open.Select(r => r.Id()));
        var item = open[1];
        Assert.Equal("something rude", item.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(bob.Id, item.GetProperty("message").GetProperty("sender").Id());
        Assert.Equal(alice.Id, item.GetProperty("reporter").Id());
        Assert.Equal(room, item.GetProperty("room").Id());
        Assert.Equal("insulting", item.GetProperty("reason").GetString());
        // Paged by id, newest first.
        var page = await QueueAsync(mod, "?limit=1");
        Assert.Equal(r2, page.GetProperty("items")[0].Id());
        Assert.Equal(r1, (await QueueAsync(mod, $"?limit=1&before={page.GetProperty("nextBefore").GetGuid()}")).GetProperty("items")[0].Id());

        foreach (var who in new[] { alice, carol })
        {
            using var http = who.Http();
            Assert.Equal("not_allowed", await NotAllowedAsync(await http.GetAsync("/api/moderation/reports")));
            Assert.Equal("not_allowed", await NotAllowedAsync(await http.PostAsJsonAsync($"/api/moderation/reports/{r1}/resolve", new { note = "me" })));
        }

        using var m = mod.Http();
        var resolved = await Expect.Json(await m.PostAsJsonAsync($"/api/moderation/reports/{r1}/resolve", new { note = "warned him" }));
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        Assert.Equal(mod.Id, resolved.GetProperty("handledBy").Id());
        var dismissed = await Expect.Json(await m.PostAsJsonAsync($"/api/moderation/reports/{r2}/dismiss", new { }));
        Assert.Equal("dismissed", dismissed.GetProperty("state").GetString());
        await Expect.Problem(await m.PostAsJsonAsync($"/api/moderation/reports/{r1}/dismiss", new { }), 409);

        Assert.Empty((await QueueAsync(mod)).GetProperty("items").EnumerateArray());
        Assert.Equal([r1], (await QueueAsync(mod, "?state=resolved")).GetProperty("items").EnumerateArray().Select(r => r.Id()));
        Assert.Equal([r2], (await QueueAsync(mod, "?state=dismissed")).GetProperty("items").EnumerateArray().Select(r => r.Id()));
        await Expect.Problem(await m.GetAsync("/api/moderation/reports?state=closed"), 400, "state");

        await using var db = app.OpenDb();
        var entries = await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["report.resolve", "report.dismiss"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(mod.Id, e.ActorId));
        Assert.All(entries, e => Assert.Equal(bob.Id, e.TargetUserId));
        Assert.Equal([message, second], entries.Select(e => e.MessageId));
        Assert.Equal("warned him", entries[0].Reason);
    }

    [Fact]
    public async Task ModeratorsHearReportFiledLiveAndARoleChangeMovesThem()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, _, room, message) = await ASaidSomethingAsync(app);
        var mod = await app.SignUpAsync("mod", "Mod");
        var erin = await app.SignUpAsync("erin", "Erin");
        await app.SetRoleAsync(mod.Id, ServerRole.Admin);
        await using var modHub = await app.ConnectAsync(mod);
        await using var erinHub = await app.ConnectAsync(erin);
        await using var aliceHub = await app.ConnectAsync(alice);

        var report = (await ReportAsync(alice, message, "insulting")).Id();
        var heard = await modHub.WaitForAsync("ReportFiled", e => e.Id() == report);
        Assert.Equal("something rude", heard.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, heard.GetProperty("reporter").ValueKind);

        // Erin, already connected, becomes a moderator: her connection joins at once; demoted, it leaves.
        var audience = app.Services.GetRequiredService<IChatAudience>();
        await app.SetRoleAsync(erin.Id, ServerRole.Moderator);
        await audience.RefreshModeratorAsync(erin.Id);
        var second = (await bob.PostMessageAsync(room, "more")).Id();
        var r2 = (await ReportAsync(alice, second, "more of it")).Id();
        await erinHub.WaitForAsync("ReportFiled", e => e.Id() == r2);

        await app.SetRoleAsync(erin.Id, ServerRole.Member);
        await audience.RefreshModeratorAsync(erin.Id);
        var third = (await bob.PostMessageAsync(room, "most")).Id();
        var r3 = (await ReportAsync(alice, third, "most of it")).Id();
        await modHub.WaitForAsync("ReportFiled", e => e.Id() == r3);
        await erin.MarkAsync(erinHub);
        Assert.DoesNotContain(erinHub.Events("ReportFiled"), e => e.Id() == r3);
        // The reporter isn't a moderator: they hear nothing of the queue.
        await alice.MarkAsync(aliceHub);
        Assert.Empty(aliceHub.Events("ReportFiled"));
    }

    [Fact]
    public async Task TheReportedPersonNeverSeesWhoReportedThemEvenAsAModerator()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, _, _, message) = await ASaidSomethingAsync(app);
        var mod = await app.SignUpAsync("mod", "Mod");
        await app.SetRoleAsync(mod.Id, ServerRole.Moderator);
        await app.SetRoleAsync(bob.Id, ServerRole.Moderator);
        await using var bobHub = await app.ConnectAsync(bob);
        await using var modHub = await app.ConnectAsync(mod);

        var report = (await ReportAsync(alice, message, "insulting")).Id();
        await modHub.WaitForAsync("ReportFiled", e => e.Id() == report);
        await bob.MarkAsync(bobHub);
        var reporterId = alice.Id.ToString();
        Assert.All(bobHub.Events("ReportFiled"), e => Assert.DoesNotContain(reporterId, e.GetRawText(), StringComparison.OrdinalIgnoreCase));

        using var b = bob.Http();
        foreach (var state in new[] { "open", "resolved", "dismissed" })
        {
            var body = await Expect.Text(await b.GetAsync($"/api/moderation/reports?state={state}"));
            Assert.DoesNotContain(reporterId, body, StringComparison.OrdinalIgnoreCase);
        }
        // Nor can Bob handle the report about himself.
        await Expect.Problem(await b.PostAsJsonAsync($"/api/moderation/reports/{report}/dismiss", new { }), 404);
        using var m = mod.Http();
        await Expect.Json(await m.PostAsJsonAsync($"/api/moderation/reports/{report}/resolve", new { note = "talked to him" }));
        Assert.DoesNotContain(reporterId, await Expect.Text(await b.GetAsync("/api/moderation/reports?state=resolved")), StringComparison.OrdinalIgnoreCase);
    }
}
