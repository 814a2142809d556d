using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Infrastructure;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

/// <summary>What an operator's Prometheus scrapes from a node, and who can't.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task AScrapeCountsMessagesStoredAcknowledgedDeliveredAndCatchUps()
    {
        await using var app = await ParleyApp.StartAsync(ParleyApp.WithMetrics());
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectAsync(bob);
        await a.InvokeAsync("Sync", new Dictionary<Guid, long> { [room] = 0 }); // both in the room's group before the sends
        await b.InvokeAsync("Sync", new Dictionary<Guid, long> { [room] = 0 });
        var before = await ScrapeAsync(app);

        for (var i = 0; i < 5; i++) await a.InvokeAsync("SendMessage", room, Send("hello " + i));
        await b.WaitForAsync("MessageCreated", e => e.GetProperty("text").GetString() == "hello 4");
        await b.InvokeAsync("Sync", new Dictionary<Guid, long> { [room] = 0 });
        var after = await ScrapeAsync(app);

        Assert.Equal(5, after.Sum("parley_messages_stored_total") - before.Sum("parley_messages_stored_total"));
        // The send→ack histogram: one observation per acknowledged hub send, each in a bucket.
        Assert.Equal(5, after.Sum("parley_send_duration_seconds_count") - before.Sum("parley_send_duration_seconds_count"));
        Assert.Equal(5, after.Sum("parley_send_duration_seconds_bucket", "le=\"+Inf\"") - before.Sum("parley_send_duration_seconds_bucket", "le=\"+Inf\""));
        Assert.True(after.Lines("parley_send_duration_seconds_bucket").Count > 10, "the histogram has its buckets");
        // Group commit: the batch sizes add up to the messages stored.
        Assert.Equal(5, after.Sum("parley_messages_batch_size_sum") - before.Sum("parley_messages_batch_size_sum"));
        Assert.Equal(1, after.Sum("parley_sync_calls_total") - before.Sum("parley_sync_calls_total"));
        // Each message reached both connections (Alice's also got its acknowledgement; Bob's, his Sync answer).
        Assert.True(after.Sum("parley_hub_messages_sent_total") - before.Sum("parley_hub_messages_sent_total") >= 5 * 3 + 1);
        Assert.Equal(2, after.Sum("parley_hub_connections"));
        Assert.Single(after.Lines("parley_push_queue_depth")); // its value depends on how far the push worker got
        // ASP.NET Core's own meters: hub connections per transport, requests.
        Assert.Equal(2, after.Sum("signalr_server_active_connections", "signalr_transport=\"web_sockets\""));
        Assert.NotEmpty(after.Lines("http_server_request_duration_seconds_bucket"));
        // No backplane on a single node: not reported at all, rather than "disconnected".
        Assert.Empty(after.Lines("parley_backplane_connected"));
    }

    /// <summary>
    /// SQLite indexes new messages for search in catch-ups once CatchUpAt rows have gathered (Search/SqliteSearchIndex):
    /// how long they hold the writer, and how many rows they take, is what an operator sizes that by. PostgreSQL
    /// indexes each row as it is written: nothing to report.
    /// </summary>
    [Fact]
    public async Task SqlitesSearchIndexCatchUpsAreTimedAndCounted()
    {
        await using var app = await ParleyApp.StartAsync(ParleyApp.WithMetrics());
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        var before = await ScrapeAsync(app);
        for (var i = 0; i < Parley.Server.Search.SqliteSearchIndex.CatchUpAt; i++) await alice.PostMessageAsync(room, $"line {i}");
        var after = await ScrapeAsync(app);

        var rows = after.Sum("parley_search_catchup_rows_total") - before.Sum("parley_search_catchup_rows_total");
        var catchUps = after.Sum("parley_search_catchup_duration_seconds_count") - before.Sum("parley_search_catchup_duration_seconds_count");
        if (ParleyApp.OnPostgres)
        {
            Assert.Empty(after.Lines("parley_search_catchup_rows_total"));
            return;
        }
        // The room's own lines came first, so one catch-up took at least the 128 sent and no more than all rows stored.
        Assert.Equal(1, catchUps);
        Assert.InRange(rows, Parley.Server.Search.SqliteSearchIndex.CatchUpAt, after.Sum("parley_messages_stored_total"));
        var took = after.Sum("parley_search_catchup_duration_seconds_sum") - before.Sum("parley_search_catchup_duration_seconds_sum");
        Assert.True(took > 0);
        // Its CPU (Linux): some, and no more than it took (one thread's CPU can't outrun the clock).
        var cpu = after.Sum("parley_search_catchup_cpu_time_seconds_total") - before.Sum("parley_search_catchup_cpu_time_seconds_total");
        if (OperatingSystem.IsLinux()) Assert.InRange(cpu, 1e-6, took);
    }

    [Fact]
    public async Task TheBackplaneGaugeFollowsTheBackplaneService()
    {
        var backplane = new FakeBackplane { Connected = true };
        await using var app = await ParleyApp.StartAsync(ParleyApp.WithMetrics(), services: s => s.AddSingleton<IBackplaneStatus>(backplane));
        Assert.Equal(1, (await ScrapeAsync(app)).Sum("parley_backplane_connected"));
        backplane.Connected = false;
        Assert.Equal(0, (await ScrapeAsync(app)).Sum("parley_backplane_connected"));
    }

    [Fact]
    public async Task TheMetricsAreServedOnTheirOwnPortOnly()
    {
        await using var app = await ParleyApp.StartAsync(ParleyApp.WithMetrics());
        await app.SignUpAsync(); // something to count
        Assert.NotEmpty((await ScrapeAsync(app)).Lines("http_server_request_duration_seconds_count"));

        using var http = app.CreateHttpClient();
        var onPublicPort = await (await http.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("http_server_request_duration", onPublicPort);
        // Naming the metrics port in the Host header changes nothing: the port the connection arrived on decides.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{app.MetricsPort}";
        Assert.DoesNotContain("http_server_request_duration", await (await http.SendAsync(spoofed)).Content.ReadAsStringAsync());

        // And the metrics port serves nothing else.
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.MetricsPort}"), Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.NotFound, (await metrics.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await metrics.PostAsync("/api/auth/login", null)).StatusCode);
    }

    [Fact]
    public async Task WithATokenAScrapeMustBringIt()
    {
        await using var app = await ParleyApp.StartAsync(ParleyApp.WithMetrics(new Dictionary<string, string?> { ["Parley:Metrics:Token"] = "s3cret-scrape-token" }));
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.MetricsPort}"), Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await metrics.GetAsync("/metrics")).StatusCode);
        metrics.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await metrics.GetAsync("/metrics")).StatusCode);
        metrics.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-scrape-token");
        Assert.Contains("parley_hub_connections", await Expect.Text(await metrics.GetAsync("/metrics")));
    }

    [Fact]
    public async Task TurnedOffNothingListens()
    {
        var settings = ParleyApp.WithMetrics(new Dictionary<string, string?>());
        settings["Parley:Metrics:Enabled"] = "false";
        await using var app = await ParleyApp.StartAsync(settings);
        using var metrics = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAsync<HttpRequestException>(() => metrics.GetAsync($"http://127.0.0.1:{app.MetricsPort}/metrics"));
    }

    private static async Task<Scrape> ScrapeAsync(ParleyApp app)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return new Scrape(await Expect.Text(await http.GetAsync($"http://127.0.0.1:{app.MetricsPort}/metrics")));
    }

    /// <summary>Prometheus' text format: <c>name{labels} value [timestamp]</c> per line, comments starting with #.</summary>
    private sealed class Scrape(string text)
    {
        public List<string> Lines(string name, string? label = null) =>
        [
            .. text.Split('\n').Where(l => !l.StartsWith('#') && (l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
                                           && (label is null || l.Contains(label, StringComparison.Ordinal))),
        ];

        public double Sum(string name, string? label = null) => Lines(name, label).Sum(l =>
            double.Parse(l[(l.LastIndexOf('}') is var close and >= 0 ? close + 1 : name.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }

    private sealed class FakeBackplane : IBackplaneStatus
    {
        public bool Connected { get; set; }
    }
}
