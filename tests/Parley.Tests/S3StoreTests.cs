using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Files;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>The S3 backend against a real S3-compatible server (s3rver, from tests/s3) on loopback.</summary>
public sealed class S3StoreTests
{
    private Process? _s3;
    private string _dir = "";
    private int _port;

    private async Task StartS3Async()
    {
        var root = FindRepoRoot();
        var script = Path.Combine(root, "tests", "s3", "serve.mjs");
        Assert.True(Directory.Exists(Path.Combine(root, "tests", "s3", "node_modules")), "Run ./test.sh (or npm ci in tests/s3) first: the S3 test server is missing.");
        _dir = Directory.CreateTempSubdirectory("parley-s3-").FullName;
        _port = LoopbackPorts.Free();
        _s3 = Process.Start(new ProcessStartInfo("node", [script, _port.ToString(), _dir, "parley"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        // Read on a thread of its own: the pipe's async read can't be abandoned by a timeout.
        var reader = _s3.StandardOutput;
        var ready = await Task.Run(() => reader.ReadLine()).WaitAsync(TimeSpan.FromSeconds(30));
        if (ready != "ready")
        {
            _s3.Kill(entireProcessTree: true);
            Assert.Fail("s3rver did not start: " + await _s3.StandardError.ReadToEndAsync());
        }
    }

    private void StopS3()
    {
        if (_s3 is not null)
        {
            _s3.StandardInput.Close();
            if (!_s3.WaitForExit(5000)) _s3.Kill(entireProcessTree: true);
            _s3.Dispose();
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    private Task<ParleyApp> StartAppAsync() => ParleyApp.StartAsync(new Dictionary<string, string?>
    {
        ["Parley:Files:Storage"] = "s3",
        ["Parley:Files:S3:ServiceUrl"] = $"http://127.0.0.1:{_port}",
        ["Parley:Files:S3:Bucket"] = "parley",
        ["Parley:Files:S3:AccessKey"] = "S3RVER",
        ["Parley:Files:S3:SecretKey"] = "S3RVER",
        ["Parley:Files:OrphanGraceSeconds"] = "0",
    });

    private IEnumerable<string> Objects() =>
        Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories).Where(f => f.EndsWith("._S3rver_object", StringComparison.Ordinal));

    [Fact]
    public async Task FilesRoundTripThroughAnS3BucketWithRangesDedupeAndRemoval()
    {
        await StartS3Async();
        try { await RoundTripAsync(); }
        finally { StopS3(); }
    }

    private async Task RoundTripAsync()
    {
        await using var app = await StartAppAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var bytes = "OggS"u8.ToArray().Concat(RandomNumberGenerator.GetBytes(300_000)).ToArray();
        var file = await alice.UploadAsync(bytes, "voice.ogg", "audio/ogg");
        var copy = await bob.UploadAsync(bytes, "copy.ogg", "audio/ogg");
        Assert.Single(Objects());

        using var a = alice.Http();
        var message = await Expect.Json(await a.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "s3", fileIds = new[] { file.Id() } }), 201);
        using var b = bob.Http();
        Assert.Equal(bytes, await (await b.GetAsync(file.GetProperty("url").GetString())).Content.ReadAsByteArrayAsync());
        using var ranged = new HttpRequestMessage(HttpMethod.Get, file.GetProperty("url").GetString());
        ranged.Headers.Range = new RangeHeaderValue(250_000, 250_099);
        var part = await b.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes[250_000..250_100], await part.Content.ReadAsByteArrayAsync());

        // Bob drops his unposted copy, Alice deletes her message: nothing points at the content, the bucket lets it go.
        await Expect.Status(await b.DeleteAsync($"/api/files/{copy.Id()}"), 204);
        Assert.Equal(0, await app.Services.GetRequiredService<FileSweeper>().SweepAsync());
        Assert.Single(Objects());
        await Expect.Status(await a.DeleteAsync($"/api/messages/{message.Id()}"), 200);
        Assert.Equal(1, await app.Services.GetRequiredService<FileSweeper>().SweepAsync());
        Assert.Empty(Objects());
        await Expect.Problem(await b.GetAsync(file.GetProperty("url").GetString()), 404);
    }
}
