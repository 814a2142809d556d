using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Parley.Server.Infrastructure;

/// <summary>
/// Metrics in Prometheus' text format (OpenTelemetry's exporter) at GET /metrics, on a listener of its own
/// (Parley:Metrics:Urls, loopback by default) and nowhere else: the public port never serves it, whatever the request
/// says. Telling the two apart by the port a connection arrived on holds behind a reverse proxy on the same machine,
/// where every request comes from 127.0.0.1 and "loopback callers only" would let the whole Internet in.
/// </summary>
public static class MetricsSetup
{
    // This app's own meters (its DI container's meter factory): requests, connections, hub connections per transport,
    // refused requests, unhandled exceptions, and Parley's.
    private static readonly string[] AppMeters =
    [
        ParleyMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Diagnostics",
    ];

    // Process-wide meters: the runtime (GC, thread pool, memory), and the database and Redis clients (their latency and errors).
    private static readonly string[] ProcessMeters = ["System.Runtime", "Npgsql", "StackExchange.Redis"];

    public static void AddParleyMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ParleyMetrics>();
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration("Parley:Metrics");
        var o = builder.Configuration.GetSection("Parley:Metrics").Get<MetricsOptions>() ?? new MetricsOptions();
        if (!o.Enabled) return;
        _ = Ports(o); // a bad setting stops the start here, with its reason

        var node = NodeIdentity.From(builder.Configuration).Name;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("parley", serviceInstanceId: node))
            // Each scrape measures afresh (the endpoint is private: nobody can flood it).
            .WithMetrics(m => m.AddPrometheusExporter(p => p.ScrapeResponseCacheDurationMilliseconds = 0));
        // Enabled through the host's metrics rules rather than AddMeter, which listens to every meter of that name in the
        // process: "Local" keeps two apps in one process (the tests) from counting each other's requests and messages.
        foreach (var meter in AppMeters) builder.Metrics.EnableMetrics(meter, null, "OpenTelemetry", MeterScope.Local);
        foreach (var meter in ProcessMeters) builder.Metrics.EnableMetrics(meter, null, "OpenTelemetry", MeterScope.Global);
        builder.WebHost.UseUrls([.. Split(builder.Configuration["urls"]), .. Split(o.Urls)]);
    }

    /// <summary>Serves /metrics to connections on the metrics ports, and nothing else to them. First in the pipeline.</summary>
    public static void UseParleyMetrics(this WebApplication app)
    {
        var o = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!o.Enabled) return;
        var ports = Ports(o);
        var token = string.IsNullOrEmpty(o.Token) ? null : Encoding.UTF8.GetBytes("Bearer " + o.Token);
        if (token is null && Split(o.Urls).Any(u => !IsLoopback(BindingAddress.Parse(u).Host)))
            app.Logger.LogWarning("Metrics are served on {Urls} without Parley:Metrics:Token: anyone who reaches that address can read them", o.Urls);
        app.MapWhen(http => ports.Contains(http.Connection.LocalPort), metrics =>
        {
            if (token is not null)
                metrics.Use((http, next) =>
                {
                    if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString()), token)) return next(http);
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    return Task.CompletedTask;
                });
            metrics.UseOpenTelemetryPrometheusScrapingEndpoint();
            metrics.Run(http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
    }

    private static HashSet<int> Ports(MetricsOptions o)
    {
        var ports = new HashSet<int>();
        foreach (var url in Split(o.Urls))
        {
            BindingAddress address;
            try { address = BindingAddress.Parse(url); }
            catch (FormatException e) { throw new StartupFailure($"Parley:Metrics:Urls: \"{url}\" is not a URL ({e.Message.TrimEnd('.')})."); }
            if (address.IsUnixPipe || address.Port <= 0)
                throw new StartupFailure($"Parley:Metrics:Urls: \"{url}\" needs a port of its own (not 0, not a Unix socket): the endpoint is told apart by its port.");
            ports.Add(address.Port);
        }
        return ports.Count > 0 ? ports : throw new StartupFailure("Parley:Metrics:Urls is empty; set Parley:Metrics:Enabled=false to serve no metrics.");
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static string[] Split(string? urls) => urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
