using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>What an operator or a client generator reads: health and the OpenAPI description.</summary>
public sealed class ServiceTests
{
    [Fact]
    public async Task HealthAnswersWithoutSignIn()
    {
        await using var app = await ParleyApp.StartAsync();
        using var http = app.CreateHttpClient();
        var health = await Expect.Json(await http.GetAsync("/healthz"));
        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SettingFilesAreNotWatched()
    {
        // Reloading appsettings on change watches the whole content root, data/ included: every database write woke
        // the watcher (8 % of the server's CPU under a send load).
        await using var app = await ParleyApp.StartAsync();
        var files = ((IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>()).Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheContract()
    {
        await using var app = await ParleyApp.StartAsync();
        using var http = app.CreateHttpClient();
        var doc = await Expect.Json(await http.GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths");
        foreach (var p in new[] { "/api/auth/register", "/api/auth/login", "/api/rooms", "/api/rooms/{id}/join", "/api/rooms/{roomId}/messages", "/api/dms" })
            Assert.True(paths.TryGetProperty(p, out _), $"{p} is not in the OpenAPI document");
    }

    [Fact]
    public async Task UnknownApiPathsAre404sNotTheWebApp()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        await Expect.Problem(await http.GetAsync("/api/no-such-thing"), 404);
        await Expect.Status(await http.GetAsync("/hubs/elsewhere"), 404);
    }
}
