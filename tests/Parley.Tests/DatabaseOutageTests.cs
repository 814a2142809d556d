using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Parley.Server.Data;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task WhileTheDatabaseIsDownRequestsGet503AndTheLogSaysSoOnce()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "A database server outage: runs in the PostgreSQL suite.");
        await using var pg = await ThrowawayPostgres.StartAsync();
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Parley"] = pg.ConnectionString });
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        await using var hub = await app.ConnectAsync(alice);
        using var http = alice.Http();

        await pg.StopServerAsync();
        for (var i = 0; i < 10; i++)
        {
            var res = await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "rest-" + i, text = "hello" });
            var problem = await Expect.Problem(res, 503);
            Assert.Equal("unavailable", problem.GetProperty("code").GetString());
            Assert.True(res.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {res.Headers.RetryAfter}");
            var refused = HubClient.Reason(await hub.InvokeExpectingErrorAsync("SendMessage", room, Send("hello", "hub-" + i)));
            Assert.StartsWith("unavailable retryAfter=", refused);
        }

        await pg.StartServerAsync();
        // What a client does with Retry-After: tries again, and gets through once the database is back.
        var sent = false;
        for (var i = 0; i < 50 && !sent; i++)
        {
            var res = await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "rest-0", text = "hello" });
            sent = (int)res.StatusCode == 201;
            if (!sent) await Task.Delay(200);
        }
        Assert.True(sent, "no send got through after the database came back");
        await hub.InvokeAsync("SendMessage", room, Send("hello", "hub-0"));

        var logs = app.Logs.ToList();
        Assert.Single(logs, l => l.Contains("The database can't be reached", StringComparison.Ordinal));
        Assert.Single(logs, l => l.Contains("The database is reachable again", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("   at ", StringComparison.Ordinal)); // no stack traces
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task AConnectionOutOfStepAfterARestartIsRetryableButNotAnOutage()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        var outage = app.Services.GetRequiredService<DatabaseOutage>();
        // What Npgsql's auto-prepared statements report when a restart left a pooled connection's bookkeeping behind.
        var outOfStep = new PostgresException("prepared statement \"_auto0\" already exists", "ERROR", "ERROR", "42P05");
        var wrongQuery = new PostgresException("prepared statement \"mine\" already exists", "ERROR", "ERROR", "42P05");

        Assert.True(outage.Saw(outOfStep));     // the caller answers "unavailable, retry"
        Assert.True(outage.Saw(new InvalidOperationException("wrapped", outOfStep)));
        Assert.False(outage.Saw(wrongQuery));   // one the application named itself is a bug, not a stale connection
        Assert.False(outage.IsDown);

        using var http = alice.Http();
        await Expect.Status(await http.GetAsync("/api/rooms"), 200);
        var logs = app.Logs.ToList();
        Assert.Single(logs, l => l.Contains("out of step with the server", StringComparison.Ordinal));   // once a minute at most
        Assert.DoesNotContain(logs, l => l.Contains("The database can't be reached", StringComparison.Ordinal));
    }
}
