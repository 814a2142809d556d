using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using SkiaSharp;
using Xunit;
using static Parley.Tests.AdministrationTests;

namespace Parley.Tests;

/// <summary>Custom emoji: adding, listing, the image, removing, who may, bad input, the event, reactions.</summary>
public sealed class CustomEmojiTests
{
    private static MultipartFormDataContent Emoji(string name, byte[] file, string fileName = "emoji.png", string type = "image/png") =>
        TestFiles.Form(file, fileName, type, null, ("name", name));

    private static async Task<JsonElement> AddAsync(TestUser user, string name, byte[]? file = null)
    {
        using var http = user.Http();
        return await Expect.Json(await http.PostAsync("/api/emoji", Emoji(name, file ?? TestFiles.Png(64, 64))), 201);
    }

    private static async Task<JsonElement> ListAsync(TestUser user)
    {
        using var http = user.Http();
        return await Expect.Json(await http.GetAsync("/api/emoji"));
    }

    private static async Task<int> StoredAsync(ParleyApp app)
    {
        await using var db = app.OpenDb();
        return await db.CustomEmoji.CountAsync(TestContext.Current.CancellationToken);
    }

    private static SKBitmap Decoded(byte[] png)
    {
        var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        return bitmap;
    }

    [Fact]
    public async Task AnAdminAddsAnEmojiEveryoneConnectedHearsItAndAnyoneSignedInSeesItsImage()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var bob = await app.SignUpAsync("bob");
        await using var bobHub = await app.ConnectAsync(bob);   // shares no room with the admin: the event goes to everyone

        var added = await AddAsync(admin, ":party_parrot:", TestFiles.Png(64, 64, secretText: "GPS 48.85N"));
        Assert.Equal("party_parrot", added.GetProperty("name").GetString());
        var url = added.GetProperty("url").GetString()!;
        Assert.StartsWith("/api/emoji/party_parrot?v=", url);
        Assert.Equal(admin.Id, added.GetProperty("createdBy").GetGuid());
        var heard = await bobHub.WaitForAsync("CustomEmojiChanged");
        Assert.Equal("party_parrot", heard.GetProperty("added").GetProperty("name").GetString());
        Assert.Equal(url, heard.GetProperty("added").GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, heard.GetProperty("removedName").ValueKind);

        var list = await ListAsync(bob);
        Assert.Equal(url, Assert.Single(list.EnumerateArray()).GetProperty("url").GetString());

        using var http = bob.Http();
        var res = await http.GetAsync(url);
        await Expect.Status(res, 200);
        Assert.Equal("image/png", res.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("immutable", res.Headers.CacheControl?.ToString());
        var png = await res.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("GPS 48.85N", Encoding.Latin1.GetString(png));
        using (var bitmap = Decoded(png)) Assert.Equal((64, 64), (bitmap.Width, bitmap.Height));

        // The same ETag again: 304. Without ?v= the name may change picture later: asked again each time.
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(res.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again, TestContext.Current.CancellationToken)).StatusCode);
        var bare = await http.GetAsync("/api/emoji/party_parrot", TestContext.Current.CancellationToken);
        Assert.Equal(png, await bare.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Contains("no-cache", bare.Headers.CacheControl?.ToString());

        // The list is cached by ETag too, until it changes.
        var listed = await http.GetAsync("/api/emoji", TestContext.Current.CancellationToken);
        using var listAgain = new HttpRequestMessage(HttpMethod.Get, "/api/emoji");
        listAgain.Headers.IfNoneMatch.Add(listed.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(listAgain, TestContext.Current.CancellationToken)).StatusCode);
        await AddAsync(admin, "shipit");
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, "/api/emoji");
        afterChange.Headers.IfNoneMatch.Add(listed.Headers.ETag!);
        var changed = await http.SendAsync(afterChange, TestContext.Current.CancellationToken);
        Assert.Equal(["party_parrot", "shipit"], (await Expect.Json(changed)).EnumerateArray().Select(e => e.GetProperty("name").GetString()));

        // Signed in only; an unknown name is 404.
        using var anon = app.CreateHttpClient();
        await Expect.Status(await anon.GetAsync("/api/emoji"), 401);
        await Expect.Status(await anon.GetAsync(url), 401);
        await Expect.Problem(await http.GetAsync("/api/emoji/nope"), 404);
    }

    [Fact]
    public async Task ThePictureIsDrawnAgainAsAPngOfAtMost128PixelsWithoutItsMetadata()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        using var http = admin.Http();

        async Task<SKBitmap> Drawn(string name, byte[] file, string type)
        {
            var added = await Expect.Json(await http.PostAsync("/api/emoji", Emoji(name, file, "upload", type)), 201);
            var res = await http.GetAsync(added.GetProperty("url").GetString());
            Assert.Equal("image/png", res.Content.Headers.ContentType?.MediaType);
            var png = await res.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain("SECRET", Encoding.Latin1.GetString(png));
            return Decoded(png);
        }

        using (var wide = await Drawn("wide", TestFiles.Png(1000, 400, secretText: "SECRET"), "image/png")) Assert.Equal((128, 51), (wide.Width, wide.Height));
        // A GIF keeps its first frame, on its whole screen.
        using (var gif = await Drawn("gif", TestFiles.Gif(300, 200, comment: "SECRET"), "image/gif")) Assert.Equal((128, 85), (gif.Width, gif.Height));
        // A JPEG taken sideways (orientation 6) stands up: 200×100 as stored, 64×128 as seen.
        using (var turned = await Drawn("turned", RotatedJpeg(200, 100), "image/jpeg")) Assert.Equal((64, 128), (turned.Width, turned.Height));
        // Small stays small (never scaled up), whatever was declared.
        using (var small = await Drawn("small", TestFiles.Png(20, 30), "image/gif")) Assert.Equal((20, 30), (small.Width, small.Height));
    }

    /// <summary>A decodable JPEG of width×height whose Exif says it was taken turned (orientation 6: rotate 90° clockwise to view).</summary>
    private static byte[] RotatedJpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.OrangeRed);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80);
        var jpeg = data.ToArray();
        byte[] tiff = [(byte)'M', (byte)'M', 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
        byte[] app1 = [0xFF, 0xE1, 0, (byte)(2 + 6 + tiff.Length), .. "Exif\0\0"u8, .. tiff];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    [Fact]
    public async Task WhoMayAddFollowsTheServerSettingAndOnlyTheCreatorOrAnAdminRemoves()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var bob = await app.SignUpAsync("bob");
        var carol = await app.SignUpAsync("carol");
        var guest = await SignUpAsAsync(app, "guest", ServerRole.Guest);
        await using var carolHub = await app.ConnectAsync(carol);
        using var asBob = bob.Http();
        using var asCarol = carol.Http();
        using var asAdmin = admin.Http();

        // Admins only, by default (and said so to anyone).
        using (var anon = app.CreateHttpClient())
            Assert.Equal("admins", (await Expect.Json(await anon.GetAsync("/api/server"))).GetProperty("customEmoji").GetString());
        await NotAllowed(await asBob.PostAsync("/api/emoji", Emoji("bobs", TestFiles.Png(16, 16))));
        Assert.Equal(0, await StoredAsync(app));

        var settings = await Expect.Json(await asAdmin.PatchAsJsonAsync("/api/admin/settings", new { customEmoji = "everyone" }));
        Assert.Equal("everyone", settings.GetProperty("customEmoji").GetString());
        await AddAsync(bob, "bobs");
        using (var asGuest = guest.Http()) await NotAllowed(await asGuest.PostAsync("/api/emoji", Emoji("guests", TestFiles.Png(16, 16))));
        await AddAsync(carol, "carols");

        // Carol may not remove Bob's; Bob removes his own; an admin removes Carol's (audited); nothing twice.
        await NotAllowed(await asCarol.DeleteAsync("/api/emoji/bobs"));
        await Expect.Status(await asBob.DeleteAsync("/api/emoji/bobs"), 204);
        var removed = await carolHub.WaitForAsync("CustomEmojiChanged", e => e.GetProperty("removedName").GetString() == "bobs");
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("added").ValueKind);
        await Expect.Problem(await asBob.DeleteAsync("/api/emoji/bobs"), 404);
        await Expect.Status(await asAdmin.DeleteAsync("/api/emoji/carols"), 204);
        Assert.Equal(0, (await ListAsync(carol)).GetArrayLength());
        await using var db = app.OpenDb();
        var audit = Assert.Single(await db.AuditLog.Where(a => a.Action == "emoji.delete").ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal((admin.Id, carol.Id), (audit.ActorId, audit.TargetUserId));
        Assert.Contains("carols", audit.Details);

        // Back to admins only: members can't add any more, even though they could a moment ago.
        await Expect.Json(await asAdmin.PatchAsJsonAsync("/api/admin/settings", new { customEmoji = "admins" }));
        await NotAllowed(await asBob.PostAsync("/api/emoji", Emoji("again", TestFiles.Png(16, 16))));
        await Expect.Problem(await asAdmin.PatchAsJsonAsync("/api/admin/settings", new { customEmoji = "anyone" }), 400, "customEmoji");
    }

    public static TheoryData<string, string> BadNames => new()
    {
        { "x", "too short" },
        { new string('a', 33), "too long" },
        { "Party", "upper case" },
        { "two words", "a space" },
        { "smile", "a standard emoji's shortcode" },
        { "+1", "a standard alias" },
        { "", "empty" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task ABadNameIsRefusedNamingNameAndNothingIsStored(string name, string why)
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        await using var hub = await app.ConnectAsync(admin);
        using var http = admin.Http();
        await Expect.Problem(await http.PostAsync("/api/emoji", Emoji(name, TestFiles.Png(16, 16))), 400, "name");
        Assert.True(await StoredAsync(app) == 0, why);
        Assert.Empty(hub.Events("CustomEmojiChanged"));
    }

    [Fact]
    public async Task ATakenNameATooLargeFileOrOneThatIsNotAPictureChangesNothing()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var first = await AddAsync(admin, "taken");
        using var http = admin.Http();

        await Expect.Problem(await http.PostAsync("/api/emoji", Emoji("taken", TestFiles.Png(8, 8))), 409, "name");
        await Expect.Problem(await http.PostAsync("/api/emoji", Emoji(":taken:", TestFiles.Png(8, 8))), 409, "name");
        await Expect.Problem(await http.PostAsync("/api/emoji", Emoji("svg", "<svg onload=alert(1)>"u8.ToArray(), "x.png")), 400, "file");
        await Expect.Problem(await http.PostAsync("/api/emoji", Emoji("text", "just text"u8.ToArray(), "x.txt", "text/plain")), 400, "file");
        await Expect.Problem(await http.PostAsync("/api/emoji", Emoji("broken", TestFiles.Png(16, 16)[..40])), 400, "file");
        // A small file claiming a huge canvas is refused before anything is decoded.
        await Expect.Problem(await http.PostAsync("/api/emoji", Emoji("pixel_bomb", TestFiles.Png(50_000, 50_000, pixels: false))), 400, "file");
        var tooBig = (await Expect.Problem(await http.PostAsync("/api/emoji", Emoji("huge", new byte[513 * 1024])), 413, "file"));
        Assert.Equal("too_large", tooBig.GetProperty("code").GetString());
        using (var noFile = new MultipartFormDataContent { { new StringContent("nofile"), "name" } })
            await Expect.Problem(await http.PostAsync("/api/emoji", noFile), 400, "file");
        using (var noName = new MultipartFormDataContent())
        {
            noName.Add(new ByteArrayContent(TestFiles.Png(8, 8)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "x.png");
            await Expect.Problem(await http.PostAsync("/api/emoji", noName), 400, "name");
        }

        var list = await ListAsync(admin);
        Assert.Equal(first.GetProperty("url").GetString(), Assert.Single(list.EnumerateArray()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task AReactionWithACustomEmojiIsItsNameAndStaysWhenTheEmojiIsRemoved()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await AddAsync(admin, "shipit");
        await using var aliceHub = await app.ConnectAsync(alice);
        await using var bobHub = await app.ConnectAsync(bob);
        var sent = await aliceHub.InvokeAsync("SendMessage", room, TestUserApi.Send("deploying :shipit: now"));

        await bobHub.InvokeAsync("ToggleReaction", sent.Id(), ":shipit:");
        var seen = await aliceHub.WaitForAsync("ReactionsChanged", r => r.GetProperty("messageId").GetGuid() == sent.Id());
        Assert.Equal(":shipit:", Assert.Single(seen.GetProperty("reactions").EnumerateArray()).GetProperty("emoji").GetString());

        using (var http = admin.Http()) await Expect.Status(await http.DeleteAsync("/api/emoji/shipit"), 204);
        var history = await alice.MessagesAsync(room);
        var message = history.Single(m => m.Id() == sent.Id());
        Assert.Equal("deploying :shipit: now", message.Text());
        Assert.Equal(":shipit:", Assert.Single(message.GetProperty("reactions").EnumerateArray()).GetProperty("emoji").GetString());
    }

    [Fact]
    public async Task AnEmojiAddedOnOneNodeIsHeardOnTheOther()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "Several nodes need PostgreSQL: runs in the PostgreSQL suite.");
        await using var nodes = await TwoNodes.StartAsync();
        var admin = await SignUpAsAsync(nodes.A, "admin", ServerRole.Admin);
        var bob = await nodes.A.SignUpAsync("bob");
        await using var bobOnB = await nodes.B.ConnectAsync(TwoNodes.On(nodes.B, bob));
        await AddAsync(admin, "crossed");
        Assert.Equal("crossed", (await bobOnB.WaitForAsync("CustomEmojiChanged")).GetProperty("added").GetProperty("name").GetString());
        using var http = TwoNodes.On(nodes.B, bob).Http();
        await Expect.Status(await http.GetAsync("/api/emoji/crossed"), 200);
    }
}
