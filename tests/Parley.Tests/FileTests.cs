using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Files;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

public sealed class FileTests
{
    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    private static string StoredPath(ParleyApp app, string sha) => Path.Combine(app.FilesPath, sha[..2], sha[2..4], sha);

    private static IEnumerable<string> StoredContent(ParleyApp app) =>
        Directory.Exists(app.FilesPath)
            ? Directory.EnumerateFiles(app.FilesPath, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(app.FilesPath, f).StartsWith("tmp" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            : [];

    private static IEnumerable<string> TempFiles(ParleyApp app) =>
        Directory.Exists(Path.Combine(app.FilesPath, "tmp")) ? Directory.EnumerateFiles(Path.Combine(app.FilesPath, "tmp")) : [];

    [Fact]
    public async Task UploadPostAndDownloadGivesTheSameBytesToRoomMates()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var bobHub = await app.ConnectAsync(bob);
        var bytes = Encoding.UTF8.GetBytes("%PDF-1.7\n" + new string('x', 300_000) + "\n%%EOF");

        var file = await alice.UploadAsync(bytes, "report.pdf", "application/pdf");
        Assert.Equal("report.pdf", file.GetProperty("name").GetString());
        Assert.Equal("application/pdf", file.GetProperty("contentType").GetString());
        Assert.Equal("file", file.GetProperty("kind").GetString());
        Assert.Equal(bytes.Length, file.GetProperty("size").GetInt64());
        Assert.True(File.Exists(StoredPath(app, Sha(bytes))), "content stored under its SHA-256");

        await using var aliceHub = await app.ConnectAsync(alice);
        var sent = await aliceHub.InvokeAsync("SendMessage", room, new { clientMessageId = "m1", text = "the report", fileIds = new[] { file.Id() } });
        Assert.Equal(file.Id(), Assert.Single(sent.GetProperty("files").EnumerateArray()).Id());
        var seen = await bobHub.WaitForAsync("MessageCreated", m => m.GetProperty("files").GetArrayLength() == 1);
        var url = seen.GetProperty("files")[0].GetProperty("url").GetString()!;

        using var http = bob.Http();
        var res = await http.GetAsync(url);
        await Expect.Status(res, 200);
        Assert.Equal(bytes, await res.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", res.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("report.pdf", res.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", res.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal($"\"{Sha(bytes)}\"", res.Headers.ETag?.Tag);

        // The same ETag again: 304, no body.
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(res.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);

        // History carries the files too.
        var history = await bob.MessagesAsync(room);
        Assert.Equal(file.Id(), history.Last().GetProperty("files")[0].Id());

        // A retry of the same send (lost ack) returns the same message with its files; nothing new.
        var retry = await aliceHub.InvokeAsync("SendMessage", room, new { clientMessageId = "m1", text = "the report", fileIds = new[] { file.Id() } });
        Assert.Equal(sent.Id(), retry.Id());
        Assert.Single(retry.GetProperty("files").EnumerateArray());
    }

    [Fact]
    public async Task AnUploadPostedByTwoSendsAtOnceGoesToOneOfThemAndTextSendsAroundThemGoOn()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var file = await alice.UploadAsync(Encoding.UTF8.GetBytes("%PDF-1.7\nshared\n%%EOF"), "shared.pdf", "application/pdf");
        var hubs = new List<HubClient>();
        for (var i = 0; i < 4; i++) hubs.Add(await app.ConnectAsync(alice));
        await using var bobHub = await app.ConnectAsync(bob);

        // Two sends post the same upload while text sends share their batches.
        var sends = hubs.Select(async (h, i) =>
        {
            try
            {
                var body = i < 2 ? (object)new { clientMessageId = "f" + i, text = "", fileIds = new[] { file.Id() } } : TestUserApi.Send("text " + i, "t" + i);
                return (i, Message: (JsonElement?)await h.InvokeAsync("SendMessage", room, body), Error: (string?)null);
            }
            catch (HubError e) { return (i, Message: null, Error: HubClient.Reason(e.Message)); }
        }).ToList();
        var results = await Task.WhenAll(sends);

        var posted = Assert.Single(results, r => r.i < 2 && r.Message is not null);
        var refused = Assert.Single(results, r => r.i < 2 && r.Error is not null);
        Assert.StartsWith("invalid: A file is unknown, not your upload, or already posted", refused.Error);
        Assert.Equal(file.Id(), Assert.Single(posted.Message!.Value.GetProperty("files").EnumerateArray()).Id());
        Assert.All(results.Where(r => r.i >= 2), r => Assert.NotNull(r.Message));
        // Bob hears the three stored messages, the file with its message, in seq order without gaps.
        var seen = new List<JsonElement>();
        foreach (var r in results.Where(r => r.Message is not null))
            seen.Add(await bobHub.WaitForAsync("MessageCreated", m => m.Id() == r.Message!.Value.Id()));
        Assert.Equal(1, seen.Single(m => m.Id() == posted.Message!.Value.Id()).GetProperty("files").GetArrayLength());
        var seqs = seen.Select(m => m.Seq()).Order().ToList();
        Assert.Equal(Enumerable.Range((int)seqs[0], 3).Select(x => (long)x), seqs);
        foreach (var h in hubs) await h.DisposeAsync();
    }

    [Fact]
    public async Task TheSameBytesTwiceAreStoredOnce()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, _) = await app.AliceAndBobInARoomAsync();
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        var first = await alice.UploadAsync(bytes, "a.bin");
        var second = await bob.UploadAsync(bytes, "b.bin");
        Assert.NotEqual(first.Id(), second.Id());
        Assert.Single(StoredContent(app));
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.FileBlobs.CountAsync());
        Assert.Equal(2, await db.Files.CountAsync());
    }

    [Fact]
    public async Task OnlyTheUploaderAndMembersOfTheConversationCanFetchAFile()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bob = await app.SignUpAsync("bob");
        var carol = await app.SignUpAsync("carol");
        var room = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(room, bob);
        var png = TestFiles.Png(40, 30);
        var file = await alice.UploadAsync(png, "secret.png", "image/png", thumbnail: TestFiles.Png(8, 6));

        // Not posted yet: the uploader only.
        using (var b = bob.Http()) await Expect.Problem(await b.GetAsync($"/api/files/{file.Id()}/content"), 404);
        using (var a = alice.Http()) await Expect.Status(await a.GetAsync($"/api/files/{file.Id()}/content"), 200);

        using (var a = alice.Http())
            await Expect.Status(await a.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "x", fileIds = new[] { file.Id() } }), 201);
        using (var b = bob.Http()) await Expect.Status(await b.GetAsync($"/api/files/{file.Id()}/content"), 200);
        using var c = carol.Http();
        foreach (var path in new[] { "", "/content", "/thumbnail", "/content?download=true" })
            await Expect.Problem(await c.GetAsync($"/api/files/{file.Id()}{path}"), 404);
        // Not signed in at all.
        using var anon = app.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync($"/api/files/{file.Id()}/content")).StatusCode);
        // Carol can't post Alice's upload either.
        var carolRoom = await carol.CreateRoomAsync();
        using var cc = carol.Http();
        await Expect.Problem(await cc.PostAsJsonAsync($"/api/rooms/{carolRoom}/messages", new { clientMessageId = "y", fileIds = new[] { file.Id() } }), 400, "fileIds");
    }

    [Fact]
    public async Task AnUploadOverTheLimitGets413AndLeavesNothingBehind()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Files:MaxFileBytes"] = "200000" });
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        var big = RandomNumberGenerator.GetBytes(300_000);

        // Announced size too big: refused before the body is read.
        await Expect.Problem(await http.PostAsync("/api/files", TestFiles.Form(big, "big.bin", "application/octet-stream")), 413, "file");
        // Size unknown up front (chunked): refused while streaming.
        var chunked = TestFiles.Form(big, "big.bin", "application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = new StreamContent(await chunked.ReadAsStreamAsync()) };
        request.Content.Headers.ContentType = chunked.Headers.ContentType;
        request.Headers.TransferEncodingChunked = true;
        var res = await http.SendAsync(request);
        Assert.Equal(413, (int)res.StatusCode);

        Assert.Empty(StoredContent(app));
        Assert.Empty(TempFiles(app));
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.Files.CountAsync());
        Assert.Equal(0, await db.FileBlobs.CountAsync());
    }

    [Fact]
    public async Task TheQuotaCountsEveryUpload()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Files:QuotaBytesPerUser"] = "250000" });
        var alice = await app.SignUpAsync("alice");
        await alice.UploadAsync(RandomNumberGenerator.GetBytes(200_000), "one.bin");
        using var http = alice.Http();
        var problem = await Expect.Problem(await http.PostAsync("/api/files", TestFiles.Form(RandomNumberGenerator.GetBytes(100_000), "two.bin", "application/octet-stream")), 413, "file");
        Assert.Contains("quota", problem.GetProperty("title").GetString());
        Assert.Empty(TempFiles(app));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "evil.png", "image/png", "text/html")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><circle r=\"5\"/></svg>", "logo.svg", "image/svg+xml", "image/svg+xml")]
    [InlineData("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "pic.jpg", "image/jpeg", "image/svg+xml")]
    public async Task MarkupIsDetectedFromTheBytesAndOnlyEverDownloaded(string content, string name, string claimed, string detected)
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var file = await alice.UploadAsync(Encoding.UTF8.GetBytes(content), name, claimed);
        Assert.Equal(detected, file.GetProperty("contentType").GetString());
        Assert.Equal("file", file.GetProperty("kind").GetString());
        using var http = alice.Http();
        var res = await http.GetAsync(file.GetProperty("url").GetString());
        await Expect.Status(res, 200);
        Assert.Equal("attachment", res.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/octet-stream", res.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sandbox", res.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task AGifThatIsAlsoAWebPageIsOnlyDownloaded()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        var polyglot = TestFiles.Gif(1, 1, comment: "<html><script>fetch('/api/me').then(r => r.text()).then(alert)</script></html>");
        var file = await alice.UploadAsync(polyglot, "cat.gif", "image/gif");
        Assert.Equal("file", file.GetProperty("kind").GetString());
        Assert.Equal("application/octet-stream", file.GetProperty("contentType").GetString());
        var res = await http.GetAsync(file.GetProperty("url").GetString());
        await Expect.Status(res, 200);
        Assert.Equal("attachment", res.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("cat.gif", res.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("application/octet-stream", res.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'; sandbox", res.Headers.GetValues("Content-Security-Policy").Single());

        // The same GIF without the page is a picture, shown inline by the browser's image viewer only.
        var plain = await alice.UploadAsync(TestFiles.Gif(1, 1, comment: "a cat <3"), "cat.gif", "image/gif");
        Assert.Equal("image", plain.GetProperty("kind").GetString());
        res = await http.GetAsync(plain.GetProperty("url").GetString());
        Assert.Equal("inline", res.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("image/gif", res.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(FilesApi.FileContentSecurityPolicy, res.Headers.GetValues("Content-Security-Policy").Single());
        Assert.EndsWith("sandbox", FilesApi.FileContentSecurityPolicy);
    }

    [Theory]
    [InlineData("text/html", "picture.png")]
    [InlineData("application/pdf", "picture.png")]
    [InlineData("image/svg+xml", "picture.png")]
    [InlineData("image/png", "picture.html")]
    [InlineData("application/octet-stream", "picture.svg")]
    public async Task AnImageDeclaredAsSomethingElseIsOnlyDownloaded(string claimed, string name)
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var file = await alice.UploadAsync(TestFiles.Png(4, 4), name, claimed);
        Assert.Equal("file", file.GetProperty("kind").GetString());
        using var http = alice.Http();
        Assert.Equal("attachment", (await http.GetAsync(file.GetProperty("url").GetString())).Content.Headers.ContentDisposition?.DispositionType);
        // A PNG called a JPEG (a wrong extension) or sent as unknown binary is still a picture.
        Assert.Equal("image", (await alice.UploadAsync(TestFiles.Png(4, 4), "photo.jpg", "image/jpeg")).GetProperty("kind").GetString());
        Assert.Equal("image", (await alice.UploadAsync(TestFiles.Png(4, 5), "photo", "application/octet-stream")).GetProperty("kind").GetString());
    }

    [Fact]
    public void MarkupIsFoundAcrossPiecesAndNotInNearMisses()
    {
        static bool Scan(string text, int piece)
        {
            var scanner = new MarkupScanner();
            var bytes = Encoding.Latin1.GetBytes(text);
            for (var at = 0; at < bytes.Length; at += piece) scanner.Append(bytes.AsSpan(at, Math.Min(piece, bytes.Length - at)));
            return scanner.Found;
        }
        var noise = new string('\x01', 40_000);
        foreach (var piece in new[] { 1, 3, 7, 16_384, 100_000 })
        {
            Assert.True(Scan(noise + "<ScRiPt>" + noise, piece));
            Assert.True(Scan(noise + "<svg onload =alert(1)>", piece));
            Assert.True(Scan("<HTML\n<body>", piece));
            Assert.True(Scan(noise + "<a href=javascript:alert(1)>", piece));
            Assert.False(Scan(noise + "<header> <htmlx <scrip onloaded download= " + noise, piece));
            Assert.False(Scan(noise + "<html", piece)); // ends there: no tag
        }
    }

    [Fact]
    public async Task RangeRequestsReturnTheRequestedBytes()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        // An Ogg audio file's first bytes, then data: enough for detection.
        var bytes = "OggS"u8.ToArray().Concat(Enumerable.Range(0, 50_000).Select(i => (byte)(i % 251))).ToArray();
        var file = await alice.UploadAsync(bytes, "voice.ogg", "audio/ogg", fields: [("durationMs", "4200"), ("voice", "1")]);
        Assert.Equal("audio", file.GetProperty("kind").GetString());
        Assert.Equal(4200, file.GetProperty("durationMs").GetInt32());
        Assert.True(file.GetProperty("voice").GetBoolean());
        using var http = alice.Http();
        using var req = new HttpRequestMessage(HttpMethod.Get, file.GetProperty("url").GetString());
        req.Headers.Range = new RangeHeaderValue(1000, 1999);
        var res = await http.SendAsync(req);
        Assert.Equal(HttpStatusCode.PartialContent, res.StatusCode);
        Assert.Equal(bytes[1000..2000], await res.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes.Length, res.Content.Headers.ContentRange?.Length);
        Assert.Equal("inline", res.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("audio/ogg", res.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DeletingTheMessageStopsServingItsFilesAndTheContentIsRemoved()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Files:OrphanGraceSeconds"] = "0" });
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var bytes = RandomNumberGenerator.GetBytes(10_000);
        var file = await alice.UploadAsync(bytes, "data.bin");
        await using var hub = await app.ConnectAsync(alice);
        var message = await hub.InvokeAsync("SendMessage", room, new { clientMessageId = "f", text = "", fileIds = new[] { file.Id() } });
        using var http = bob.Http();
        await Expect.Status(await http.GetAsync($"/api/files/{file.Id()}/content"), 200);

        var tombstone = await hub.InvokeAsync("DeleteMessage", message.Id());
        Assert.Equal(0, tombstone.GetProperty("files").GetArrayLength());
        await Expect.Problem(await http.GetAsync($"/api/files/{file.Id()}/content"), 404);
        using (var a = alice.Http()) await Expect.Problem(await a.GetAsync($"/api/files/{file.Id()}/content"), 404);
        Assert.Equal(0, (await bob.MessagesAsync(room)).Last().GetProperty("files").GetArrayLength());

        Assert.True(File.Exists(StoredPath(app, Sha(bytes))));
        Assert.Equal(1, await app.Services.GetRequiredService<FileSweeper>().SweepAsync());
        Assert.False(File.Exists(StoredPath(app, Sha(bytes))), "content removed from storage once nothing references it");
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.FileBlobs.CountAsync());
    }

    [Fact]
    public async Task ContentSharedWithAnotherFileStaysWhenOneIsDeleted()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Files:OrphanGraceSeconds"] = "0" });
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var bytes = RandomNumberGenerator.GetBytes(5_000);
        var mine = await alice.UploadAsync(bytes, "same.bin");
        var theirs = await bob.UploadAsync(bytes, "same.bin");
        using var a = alice.Http();
        await Expect.Status(await a.DeleteAsync($"/api/files/{mine.Id()}"), 204);
        Assert.Equal(0, await app.Services.GetRequiredService<FileSweeper>().SweepAsync());
        using var b = bob.Http();
        Assert.Equal(bytes, await (await b.GetAsync($"/api/files/{theirs.Id()}/content")).Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\system.ini", "system.ini")]
    [InlineData("a.php\0.jpg", "a.php.jpg")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("line\r\nbreak.txt", "linebreak.txt")]
    [InlineData("...", "file")]
    public async Task PathTricksInNamesAreNeutralised(string name, string expected)
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bytes = Encoding.UTF8.GetBytes("plain text " + Guid.NewGuid());
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        // Set the raw header, so the name reaches the server as written (HttpClient would otherwise encode it).
        part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename*=UTF-8''{Uri.EscapeDataString(name)}");
        form.Add(part);
        using var http = alice.Http();
        var file = await Expect.Json(await http.PostAsync("/api/files", form), 201);
        Assert.Equal(expected, file.GetProperty("name").GetString());
        Assert.Equal([StoredPath(app, Sha(bytes))], StoredContent(app));
        var res = await http.GetAsync(file.GetProperty("url").GetString());
        Assert.Equal(expected, res.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task AVeryLongNameIsCutKeepingItsExtension()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var file = await alice.UploadAsync("hello"u8.ToArray(), new string('é', 300) + ".txt", "text/plain");
        var name = file.GetProperty("name").GetString()!;
        Assert.EndsWith(".txt", name);
        Assert.True(Encoding.UTF8.GetByteCount(name) <= 255);
    }

    [Fact]
    public async Task PhotosLoseTheirLocationButKeepTheirOrientationAndSize()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        const string secret = "SECRET-48.8584N-2.2945E";
        var jpeg = TestFiles.JpegWithExif(4032, 3024, secret);
        var file = await alice.UploadAsync(jpeg, "IMG_0001.jpg", "image/jpeg");
        Assert.Equal("image/jpeg", file.GetProperty("contentType").GetString());
        Assert.Equal("image", file.GetProperty("kind").GetString());
        Assert.Equal(4032, file.GetProperty("width").GetInt32());
        Assert.Equal(3024, file.GetProperty("height").GetInt32());
        using var http = alice.Http();
        var stored = await (await http.GetAsync(file.GetProperty("url").GetString())).Content.ReadAsByteArrayAsync();
        var text = Encoding.Latin1.GetString(stored);
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain("xmpmeta", text);
        Assert.Contains("Exif\0\0", text); // the orientation-only block
        Assert.Equal([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6], stored.AsSpan(text.IndexOf("Exif\0\0", StringComparison.Ordinal) + 16, 10).ToArray());
        Assert.Equal(jpeg[^66..], stored[^66..]); // image data untouched

        var png = await alice.UploadAsync(TestFiles.Png(20, 10, secretText: secret), "shot.png", "image/png");
        Assert.Equal((20, 10), (png.GetProperty("width").GetInt32(), png.GetProperty("height").GetInt32()));
        var pngBytes = await (await http.GetAsync(png.GetProperty("url").GetString())).Content.ReadAsByteArrayAsync();
        Assert.DoesNotContain(secret, Encoding.Latin1.GetString(pngBytes));
        Assert.Equal(TestFiles.Png(20, 10), pngBytes);
    }

    [Fact]
    public async Task WebpAndGifLoseTheirMetadataButKeepTheirPicture()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        const string secret = "SECRET-48.8584N-2.2945E";

        var webp = await alice.UploadAsync(TestFiles.Webp(secret), "sticker.webp", "image/webp");
        Assert.Equal(("image/webp", "image", 1, 1), (webp.GetProperty("contentType").GetString(), webp.GetProperty("kind").GetString(),
            webp.GetProperty("width").GetInt32(), webp.GetProperty("height").GetInt32()));
        var webpBytes = await (await http.GetAsync(webp.GetProperty("url").GetString())).Content.ReadAsByteArrayAsync();
        Assert.DoesNotContain(secret, Encoding.Latin1.GetString(webpBytes));
        Assert.DoesNotContain("xmpmeta", Encoding.Latin1.GetString(webpBytes));
        // The same picture as one that never had metadata: VP8X flags cleared, RIFF size fixed, pixels untouched.
        Assert.Equal(TestFiles.Webp(), webpBytes);

        var gif = await alice.UploadAsync(TestFiles.Gif(300, 200, comment: "taken at " + secret, xmp: "<x:xmpmeta>" + secret + "</x:xmpmeta>",
            after: Encoding.ASCII.GetBytes("appended " + secret)), "party.gif", "image/gif");
        Assert.Equal(("image/gif", "image", 300, 200), (gif.GetProperty("contentType").GetString(), gif.GetProperty("kind").GetString(),
            gif.GetProperty("width").GetInt32(), gif.GetProperty("height").GetInt32()));
        var gifBytes = await (await http.GetAsync(gif.GetProperty("url").GetString())).Content.ReadAsByteArrayAsync();
        Assert.DoesNotContain(secret, Encoding.Latin1.GetString(gifBytes));
        Assert.Equal(TestFiles.Gif(300, 200), gifBytes); // still looping (NETSCAPE2.0 kept), the frame untouched
    }

    [Theory]
    [InlineData("heic", "image/heic", "file")] // browsers can't show HEIC: a download card
    [InlineData("avif", "image/avif", "image")]
    public async Task HeicAndAvifPhotosLoseTheirLocation(string brand, string type, string kind)
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        const string secret = "SECRET-48.8584N-2.2945E";
        var (heif, exifAt) = TestFiles.Heif(brand, 4032, 3024, secret, rotated: true);
        var file = await alice.UploadAsync(heif, "IMG_0002." + brand, type);
        Assert.Equal((type, kind), (file.GetProperty("contentType").GetString(), file.GetProperty("kind").GetString()));
        Assert.Equal((3024, 4032), (file.GetProperty("width").GetInt32(), file.GetProperty("height").GetInt32())); // a quarter turn
        var stored = await (await http.GetAsync(file.GetProperty("url").GetString() + "?download=true")).Content.ReadAsByteArrayAsync();
        var text = Encoding.Latin1.GetString(stored);
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain("GPSLatitude", text);
        // The same size, and every byte before the Exif item the same: the picture and all offsets still hold.
        Assert.Equal(heif.Length, stored.Length);
        Assert.Equal(heif[..exifAt], stored[..exifAt]);
        // The Exif item is an empty Exif block now (then zeros), and the XMP item after it an empty packet (then spaces).
        Assert.Equal([0, 0, 0, 0, (byte)'M', (byte)'M', 0, 0x2A, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0], stored[exifAt..(exifAt + 18)]);
        Assert.Equal("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>", Encoding.Latin1.GetString(stored[(exifAt + 18)..]).Trim('\0', ' '));

        // The pixel limit holds for AVIF too, read from its ispe property.
        var huge = await alice.UploadAsync(TestFiles.Heif(brand, 8000, 8000, secret).File, "huge." + brand, type);
        Assert.Equal("file", huge.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("qt  ", "clip.mov", "video/quicktime", "file")] // browsers can't play every MOV: a download card
    [InlineData("isom", "clip.mp4", "video/mp4", "video")]
    public async Task VideosLoseTheirLocation(string brand, string name, string type, string kind)
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        const string secret = "SECRET-48.8584N-2.2945E";
        var movie = TestFiles.Movie(brand, secret);
        var file = await alice.UploadAsync(movie, name, type);
        Assert.Equal((type, kind), (file.GetProperty("contentType").GetString(), file.GetProperty("kind").GetString()));
        var stored = await (await http.GetAsync(file.GetProperty("url").GetString() + "?download=true")).Content.ReadAsByteArrayAsync();
        var text = Encoding.Latin1.GetString(stored);
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain("+48.8584", text);
        Assert.DoesNotContain("\u00A9xyz", text);
        // Same size, the location atoms (movie and track ©xyz, the ISO6709 value) now free atoms; the make and the media stay.
        Assert.Equal(movie.Length, stored.Length);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(text, "free"));
        Assert.Contains("Apple", text);
        Assert.Contains("com.apple.quicktime.make", text);
        Assert.Equal(movie[^TestFiles.HeifPicture.Length..], stored[^TestFiles.HeifPicture.Length..]);
    }

    [Fact]
    public async Task BrokenPhotosAndVideosAreKeptWithoutFailingTheUpload()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var (heif, _) = TestFiles.Heif("avif", 64, 64, "x");
        var movie = TestFiles.Movie("qt  ", "x");
        byte[] With(byte[] b, int at, params byte[] bytes) { var c = b.ToArray(); bytes.CopyTo(c, at); return c; }
        var broken = new (byte[] Bytes, string Name)[]
        {
            (heif[..(heif.Length / 2)], "half.avif"),
            (With(heif, 24, 0xFF, 0xFF, 0xFF, 0xF0), "meta-too-big.avif"),
            (With(heif, heif.Length - 40, 0xFF, 0xFF, 0xFF, 0xFF), "mdat-cut.avif"),
            ([.. heif[..32], .. TestFiles.IsoBox("meta", [0, 0, 0, 0, 0, 0, 0, 1])], "tiny-meta.avif"),
            (movie[..(movie.Length - 30)], "cut.mov"),
            (With(movie, 20, 0, 0, 0, 1), "largesize-cut.mov"),
            (TestFiles.Gif(10, 10, comment: "hello")[..30], "cut.gif"),
            (TestFiles.Webp("x")[..40], "cut.webp"),
            (With(TestFiles.Webp("x"), 16, 0xFF, 0xFF, 0xFF, 0xFF), "chunk-too-big.webp"),
        };
        foreach (var (bytes, name) in broken) await alice.UploadAsync(bytes, name); // 201 each
        // An AVIF whose size can't be read is never shown inline.
        Assert.Equal("file", (await alice.UploadAsync(broken[3].Bytes, "tiny-meta.avif", "image/avif")).GetProperty("kind").GetString());
        Assert.Equal("image", (await alice.UploadAsync(heif, "whole.avif", "image/avif")).GetProperty("kind").GetString());
    }

    [Fact]
    public void CleanersNeverFailOnDamagedFilesOtherThanBySayingSo()
    {
        var random = new Random(15);
        var samples = new (string Type, byte[] Bytes)[]
        {
            ("image/heic", TestFiles.Heif("heic", 640, 480, "x", rotated: true).File), ("image/avif", TestFiles.Heif("avif", 64, 64, "x").File),
            ("video/quicktime", TestFiles.Movie("qt  ", "x")), ("video/mp4", TestFiles.Movie("isom", "x")),
            ("image/gif", TestFiles.Gif(10, 10, "c", "<x/>", [1, 2])), ("image/webp", TestFiles.Webp("x")),
            ("image/png", TestFiles.Png(3, 3, "x")), ("image/jpeg", TestFiles.JpegWithExif(30, 20, "x")),
        };
        foreach (var (type, sample) in samples)
            for (var round = 0; round < 400; round++)
            {
                var bytes = sample[..random.Next(1, sample.Length + 1)];
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    var at = random.Next(bytes.Length);
                    byte[] value = random.Next(3) switch { 0 => [0xFF, 0xFF, 0xFF, 0xFF], 1 => [0, 0, 0, random.Next(2) == 0 ? (byte)1 : (byte)0], _ => [(byte)random.Next(256)] };
                    value.AsSpan(0, Math.Min(value.Length, bytes.Length - at)).CopyTo(bytes.AsSpan(at));
                }
                if (IsoMediaCleaner.Handles(type)) IsoMediaCleaner.Clean(new MemoryStream(bytes));
                else
                {
                    try { PhotoCleaner.Clean(type, new MemoryStream(bytes), new MemoryStream()); }
                    catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentOutOfRangeException) { }
                }
            }
    }

    [Fact]
    public async Task AnImageClaimingBillionsOfPixelsIsKeptAsAPlainFile()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var bomb = TestFiles.Png(50_000, 50_000, pixels: false);
        var file = await alice.UploadAsync(bomb, "bomb.png", "image/png");
        Assert.Equal("file", file.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("width").ValueKind);
        using var http = alice.Http();
        var res = await http.GetAsync(file.GetProperty("url").GetString());
        Assert.Equal("attachment", res.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task AFortyNineMegapixelImageIsOnlyDownloadedAndGetsNoPreview()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        // 7000×7000 = 49 MP: 196 MB for a browser to decode, over the 2^25-pixel default.
        var big = await alice.UploadAsync(TestFiles.Png(7000, 7000, pixels: false), "huge.png", "image/png", thumbnail: TestFiles.Png(8, 8));
        Assert.Equal("file", big.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, big.GetProperty("width").ValueKind);
        Assert.Equal(JsonValueKind.Null, big.GetProperty("thumbnailUrl").ValueKind);
        var res = await http.GetAsync(big.GetProperty("url").GetString());
        Assert.Equal("attachment", res.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/octet-stream", res.Content.Headers.ContentType?.MediaType);

        // An 8K screenshot (7680×4320, 33.2 MP) is still a picture.
        var screen = await alice.UploadAsync(TestFiles.Png(7680, 4320, pixels: false), "8k.png", "image/png");
        Assert.Equal("image", screen.GetProperty("kind").GetString());
        Assert.Equal("inline", (await http.GetAsync(screen.GetProperty("url").GetString())).Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task TheInlinePixelLimitIsASetting()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Files:MaxImagePixels"] = "1000" });
        var alice = await app.SignUpAsync("alice");
        Assert.Equal("image", (await alice.UploadAsync(TestFiles.Png(40, 25), "small.png", "image/png")).GetProperty("kind").GetString());
        Assert.Equal("file", (await alice.UploadAsync(TestFiles.Png(40, 26), "larger.png", "image/png")).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task VideoKeepsItsSizeAndDurationAndThumbnail()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        byte[] mp4 = [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8, .. RandomNumberGenerator.GetBytes(5000)];
        var thumb = TestFiles.Png(32, 18);
        var file = await alice.UploadAsync(mp4, "clip.mp4", "video/mp4", thumb, ("width", "1280"), ("height", "720"), ("durationMs", "15000"));
        Assert.Equal("video", file.GetProperty("kind").GetString());
        Assert.Equal((1280, 720, 15000), (file.GetProperty("width").GetInt32(), file.GetProperty("height").GetInt32(), file.GetProperty("durationMs").GetInt32()));
        using var http = alice.Http();
        var res = await http.GetAsync(file.GetProperty("thumbnailUrl").GetString());
        await Expect.Status(res, 200);
        Assert.Equal("image/png", res.Content.Headers.ContentType?.MediaType);
        Assert.Equal(thumb, await res.Content.ReadAsByteArrayAsync());

        // A thumbnail that is not an image is refused, and nothing is kept.
        await Expect.Problem(await http.PostAsync("/api/files", TestFiles.Form(mp4, "clip.mp4", "video/mp4", "<html>"u8.ToArray())), 400, "thumbnail");
        Assert.Empty(TempFiles(app));
    }

    [Fact]
    public async Task BadUploadsAreRefusedClearly()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        await Expect.Problem(await http.PostAsync("/api/files", new StringContent("hello")), 400, "file");
        var noFile = new MultipartFormDataContent { { new StringContent("12"), "width" } };
        await Expect.Problem(await http.PostAsync("/api/files", noFile), 400, "file");
        // A part whose headers are too long is a malformed form, not a file too large.
        var longHeader = new MultipartFormDataContent();
        var part = new ByteArrayContent("hi"u8.ToArray());
        part.Headers.Add("X-Padding", new string('a', 20_000));
        longHeader.Add(part, "file", "a.txt");
        var headers = await Expect.Problem(await http.PostAsync("/api/files", longHeader), 400, "file");
        Assert.Contains("headers are too long", headers.GetProperty("title").GetString());
        await Expect.Problem(await http.PostAsync("/api/files", TestFiles.Form("OggS....."u8.ToArray(), "a.ogg", "audio/ogg", fields: ("durationMs", "-5"))), 400, "durationMs");
        await Expect.Problem(await http.PostAsync("/api/files", TestFiles.Form("OggS....."u8.ToArray(), "a.ogg", "audio/ogg", fields: ("voice", "2"))), 400, "voice");
        // Only audio can be a voice message: a picture marked so is just a picture.
        Assert.False((await Expect.Json(await http.PostAsync("/api/files", TestFiles.Form(TestFiles.Png(4, 4), "p.png", "image/png", fields: ("voice", "1"))), 201))
            .GetProperty("voice").GetBoolean());
        var room = await alice.CreateRoomAsync();
        var ids = Enumerable.Range(0, 11).Select(_ => Guid.NewGuid()).ToArray();
        await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "z", fileIds = ids }), 400, "fileIds");
        await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "z", fileIds = new[] { Guid.NewGuid() } }), 400, "fileIds");
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.Messages.CountAsync()); // only "created the room"
    }
}
