using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using Parley.Server.Infrastructure;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>What a load balancer and an operator learn from a node: is it up, should it get traffic, which node is it.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task LiveAndReadyAnswerWithTheNodesName()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Node:Name"] = "node-a" });
        using var http = app.CreateHttpClient();

        var live = await Expect.Json(await http.GetAsync("/healthz/live"));
        Assert.Equal("ok", live.GetProperty("status").GetString());
        Assert.Equal("node-a", live.GetProperty("node").GetString());
        foreach (var path in new[] { "/healthz/ready", "/healthz" })
        {
            var ready = await Expect.Json(await http.GetAsync(path));
            Assert.Equal("ok", ready.GetProperty("status").GetString());
            Assert.Equal("node-a", ready.GetProperty("node").GetString());
            Assert.True(ready.GetProperty("ready").GetBoolean());
            Assert.Equal("ok", ready.GetProperty("checks").GetProperty("database").GetString());
        }
    }

    [Fact]
    public async Task WithoutANameANodeIsNamedAfterItsMachine()
    {
        await using var app = await ParleyApp.StartAsync();
        using var http = app.CreateHttpClient();
        var health = await Expect.Json(await http.GetAsync("/healthz"));
        Assert.StartsWith(Environment.MachineName + ":", health.GetProperty("node").GetString());
    }

    [Fact]
    public async Task ReadyIs503WhileTheDatabaseIsDownAndLiveStays200()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "A database server outage: runs in the PostgreSQL suite.");
        await using var pg = await ThrowawayPostgres.StartAsync();
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Parley"] = pg.ConnectionString });
        using var http = app.CreateHttpClient();
        await Expect.Json(await http.GetAsync("/healthz/ready"));

        await pg.StopServerAsync();
        foreach (var path in new[] { "/healthz/ready", "/healthz" })
        {
            var down = await Expect.Json(await http.GetAsync(path), 503);
            Assert.Equal("unavailable", down.GetProperty("status").GetString());
            Assert.False(down.GetProperty("ready").GetBoolean());
            Assert.Equal("down", down.GetProperty("checks").GetProperty("database").GetString());
        }
        await Expect.Json(await http.GetAsync("/healthz/live"));

        await pg.StartServerAsync();
        // What the load balancer does: asks again until the node is ready (bounded).
        var status = 0;
        for (var i = 0; i < 50 && status != 200; i++)
        {
            if (i > 0) await Task.Delay(200);
            status = (int)(await http.GetAsync("/healthz/ready")).StatusCode;
        }
        Assert.Equal(200, status);
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task AStoppingNodeIsNotReady()
    {
        await using var app = await ParleyApp.StartAsync();
        using var http = app.CreateHttpClient();
        (int Status, JsonElement Body)? answer = null;
        // Registered last, so it runs first of the stopping callbacks: the node is stopping and still answers.
        app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() =>
        {
            using var res = http.GetAsync("/healthz/ready").GetAwaiter().GetResult();
            answer = ((int)res.StatusCode, res.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult());
        });

        await app.StopServerAsync();

        Assert.NotNull(answer);
        Assert.Equal(503, answer.Value.Status);
        Assert.Equal("stopping", answer.Value.Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task EveryConsoleLogLineNamesTheNode()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Node:Name"] = "node-a" });
        Assert.Equal(NodeLogFormatter.FormatName, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        var formatter = app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == NodeLogFormatter.FormatName);

        using var output = new StringWriter();
        var failure = new InvalidOperationException("it broke");
        formatter.Write(new LogEntry<string>(LogLevel.Warning, "Parley.Test", new EventId(7), "state", failure, (_, _) => "first line\nsecond line"), null, output);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("[node-a] warn: Parley.Test[7] first line", lines[0]);
        Assert.True(lines.Length >= 3, output.ToString());
        Assert.All(lines, l => Assert.StartsWith("[node-a] ", l));
        Assert.Contains(lines, l => l.Contains("it broke", StringComparison.Ordinal));
    }
}
