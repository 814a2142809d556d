using System.Net.Http.Json;
using Npgsql;
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
}
