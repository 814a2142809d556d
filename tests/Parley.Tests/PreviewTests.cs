using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Link previews end to end: a message with links gets its cards in the background, live (MessagePreviews) and in
/// history and catch-up; the image is served by us to readers only; the sender can remove them; an edit redoes them.
/// The linked site is a real one on 127.0.0.1, allowed by name (Parley:Previews:AllowedHosts), as an admin would.
/// </summary>
public sealed class PreviewTests
{
    private static Task<ParleyApp> StartAppAsync() => ParleyApp.StartAsync(new Dictionary<string, string?>
    {
        ["Parley:Previews:AllowedHosts:0"] = "localhost",
    });

    private static Task<TestWebSite> SiteAsync() => TestWebSite.StartAsync(ctx => ctx.Request.Path.Value switch
    {
        "/article" => TestWebSite.Html(ctx, """
            <!doctype html><html><head><title>ignored when og:title is there</title>
            <meta property="og:title" content="Otters hold hands">
            <meta property="og:description" content="So they don't drift apart while sleeping.">
            <meta property="og:site_name" content="Nature Daily">
            <meta property="og:image" content="/otter.png">
            </head><body><script>alert(1)</script>article</body></html>
            """),
        "/second" => TestWebSite.Html(ctx, """<html><head><title>Second page</title><meta name="description" content="Plain meta."></head></html>"""),
        "/otter.png" => PngAsync(ctx),
        "/secret" => TestWebSite.Html(ctx, "<title>Internal admin</title>"),
        _ => Task.FromResult(ctx.Response.StatusCode = 404),
    });

    private static Task PngAsync(HttpContext ctx)
    {
        ctx.Response.ContentType = "image/png";
        return ctx.Response.Body.WriteAsync(TestWebSite.Png).AsTask();
    }

    private static Func<JsonElement, bool> For(Guid messageId) => e => e.GetProperty("messageId").GetGuid() == messageId;

    private static List<JsonElement> Previews(JsonElement e) => e.GetProperty("previews").EnumerateArray().ToList();

    [Fact]
    public async Task LinkPreviewReachesTheRoomLiveAndInHistoryAndCatchUp()
    {
        await using var site = await SiteAsync();
        await using var app = await StartAppAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);

        // A link to a private address beside the allowed one: only the allowed one is fetched and shown.
        var sent = await alice.PostMessageAsync(room, $"read this: http://localhost:{site.Port}/article (and http://127.0.0.1:{site.Port}/secret)");
        Assert.Empty(sent.GetProperty("previews").EnumerateArray());
        var live = await bobHub.WaitForAsync("MessagePreviews", For(sent.Id()));
        var card = Assert.Single(Previews(live));
        Assert.Equal($"http://localhost:{site.Port}/article", card.GetProperty("url").GetString());
        Assert.Equal("Otters hold hands", card.GetProperty("title").GetString());
        Assert.Equal("So they don't drift apart while sleeping.", card.GetProperty("description").GetString());
        Assert.Equal("Nature Daily", card.GetProperty("siteName").GetString());
        var imageUrl = card.GetProperty("imageUrl").GetString()!;
        Assert.StartsWith("/api/previews/", imageUrl);
        Assert.True(live.GetProperty("rev").GetInt64() > sent.GetProperty("rev").GetInt64());
        Assert.Equal(0, site.Hits("/secret"));

        // History and catch-up carry it, under the new rev.
        var stored = Assert.Single(await bob.MessagesAsync(room), m => m.Id() == sent.Id());
        Assert.Equal("Otters hold hands", Assert.Single(Previews(stored)).GetProperty("title").GetString());
        using (var http = bob.Http())
        {
            var changes = await Expect.Json(await http.GetAsync($"/api/rooms/{room}/changes?sinceRev={sent.GetProperty("rev").GetInt64()}"));
            var changed = Assert.Single(changes.GetProperty("messages").EnumerateArray());
            Assert.Equal(live.GetProperty("rev").GetInt64(), changed.GetProperty("rev").GetInt64());
            Assert.Equal("Otters hold hands", Assert.Single(Previews(changed)).GetProperty("title").GetString());

            // The image comes from us, checked to be a PNG.
            var image = await http.GetAsync(imageUrl);
            await Expect.Status(image, 200);
            Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TestWebSite.Png, await image.Content.ReadAsByteArrayAsync());
        }

        // The same link again is taken from the cache: the site is asked once.
        var again = await bob.PostMessageAsync(room, $"http://localhost:{site.Port}/article");
        var second = await bobHub.WaitForAsync("MessagePreviews", For(again.Id()));
        Assert.Equal(card.GetProperty("id").GetGuid(), Assert.Single(Previews(second)).GetProperty("id").GetGuid());
        Assert.Equal(1, site.Hits("/article"));
        Assert.Equal(1, site.Hits("/otter.png"));
    }

    [Fact]
    public async Task PreviewImageIsOnlyForThoseWhoCanReadAMessageShowingIt()
    {
        await using var site = await SiteAsync();
        await using var app = await StartAppAsync();
        var alice = await app.SignUpAsync();
        var bob = await app.SignUpAsync();
        var carol = await app.SignUpAsync();
        var room = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(room, bob);
        await using var aliceHub = await app.ConnectAsync(alice);
        var sent = await alice.PostMessageAsync(room, $"http://localhost:{site.Port}/article");
        var imageUrl = Previews(await aliceHub.WaitForAsync("MessagePreviews", For(sent.Id())))[0].GetProperty("imageUrl").GetString()!;

        using (var http = bob.Http()) await Expect.Status(await http.GetAsync(imageUrl), 200);
        using (var http = carol.Http()) await Expect.Problem(await http.GetAsync(imageUrl), 404);
        using (var http = app.CreateHttpClient()) await Expect.Status(await http.GetAsync(imageUrl), 401);

        // Once no message shows it any more (deleted), nobody gets it.
        using (var http = alice.Http()) await Expect.Status(await http.DeleteAsync($"/api/messages/{sent.Id()}"), 200);
        using (var http = bob.Http()) await Expect.Problem(await http.GetAsync(imageUrl), 404);
    }

    [Fact]
    public async Task OnlyTheSenderRemovesPreviewsAndEveryoneSeesThemGo()
    {
        await using var site = await SiteAsync();
        await using var app = await StartAppAsync();
        var alice = await app.SignUpAsync();
        var bob = await app.SignUpAsync();
        var carol = await app.SignUpAsync();
        var room = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(room, bob);
        await using var bobHub = await app.ConnectAsync(bob);
        var sent = await alice.PostMessageAsync(room, $"http://localhost:{site.Port}/article");
        var made = await bobHub.WaitForAsync("MessagePreviews", For(sent.Id()));
        var imageUrl = Previews(made)[0].GetProperty("imageUrl").GetString()!;

        using (var http = bob.Http())
            Assert.Equal("forbidden", (await Expect.Problem(await http.DeleteAsync($"/api/messages/{sent.Id()}/previews"), 403)).GetProperty("code").GetString());
        using (var http = carol.Http()) await Expect.Problem(await http.DeleteAsync($"/api/messages/{sent.Id()}/previews"), 404);

        using (var http = alice.Http())
        {
            var removed = await Expect.Json(await http.DeleteAsync($"/api/messages/{sent.Id()}/previews"));
            Assert.Empty(Previews(removed));
        }
        var gone = await bobHub.WaitForAsync("MessagePreviews", e => For(sent.Id())(e) && Previews(e).Count == 0);
        Assert.True(gone.GetProperty("rev").GetInt64() > made.GetProperty("rev").GetInt64());
        Assert.Empty(Previews(Assert.Single(await bob.MessagesAsync(room), m => m.Id() == sent.Id())));
        using (var http = bob.Http()) await Expect.Problem(await http.GetAsync(imageUrl), 404);
    }

    [Fact]
    public async Task AnEditThatChangesTheLinksRedoesThePreviews()
    {
        await using var site = await SiteAsync();
        await using var app = await StartAppAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);
        var sent = await alice.PostMessageAsync(room, $"http://localhost:{site.Port}/article");
        await bobHub.WaitForAsync("MessagePreviews", For(sent.Id()));

        using (var http = alice.Http())
        {
            var edited = await Expect.Json(await http.PatchAsJsonAsync($"/api/messages/{sent.Id()}", new { text = $"better: http://localhost:{site.Port}/second" }));
            Assert.Empty(Previews(edited)); // the old card goes with the old link
        }
        var redone = await bobHub.WaitForAsync("MessagePreviews", e => For(sent.Id())(e) && Previews(e).Count == 1
            && Previews(e)[0].GetProperty("title").GetString() == "Second page");
        var card = Previews(redone)[0];
        Assert.Equal("Plain meta.", card.GetProperty("description").GetString());
        Assert.Equal("localhost", card.GetProperty("siteName").GetString());
        Assert.Equal(JsonValueKind.Null, card.GetProperty("imageUrl").ValueKind);
        var stored = Assert.Single(await bob.MessagesAsync(room), m => m.Id() == sent.Id());
        Assert.Equal("Second page", Assert.Single(Previews(stored)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task StalePreviewsNoMessageShowsAreSweptAndTheOthersKept()
    {
        await using var site = await SiteAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:Previews:AllowedHosts:0"] = "localhost",
            ["Parley:Previews:CacheHours"] = "1",
        }, clock);
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        await using var hub = await app.ConnectAsync(alice);
        var gone = await alice.PostMessageAsync(room, $"http://localhost:{site.Port}/article");
        var kept = await alice.PostMessageAsync(room, $"http://localhost:{site.Port}/second");
        await hub.WaitForAsync("MessagePreviews", For(gone.Id()));
        await hub.WaitForAsync("MessagePreviews", For(kept.Id()));
        using (var http = alice.Http()) await Expect.Status(await http.DeleteAsync($"/api/messages/{gone.Id()}"), 200);
        var sweeper = app.Services.GetRequiredService<Parley.Server.Previews.PreviewSweeper>();

        // Unused but fresh: kept (posting the link again takes it from the cache).
        await sweeper.SweepAsync(TestContext.Current.CancellationToken);
        await using (var db = app.OpenDb()) Assert.Equal(2, await db.LinkPreviews.CountAsync(TestContext.Current.CancellationToken));

        clock.Advance(TimeSpan.FromMinutes(61));
        await sweeper.SweepAsync(TestContext.Current.CancellationToken);
        await using (var db = app.OpenDb())
        {
            var left = Assert.Single(await db.LinkPreviews.ToListAsync(TestContext.Current.CancellationToken));
            Assert.EndsWith("/second", left.Url);
            Assert.Equal(0, await db.LinkPreviewImages.CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(left.Id, Assert.Single(await db.MessagePreviews.Where(mp => mp.MessageId == kept.Id()).ToListAsync(TestContext.Current.CancellationToken)).PreviewId);
        }
    }
}
