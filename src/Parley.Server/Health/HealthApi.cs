using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Infrastructure;

namespace Parley.Server.Health;

/// <summary>What /healthz answers: the node, whether it serves (live) and whether it should get traffic (ready).</summary>
public sealed record HealthReport(string Status, string Node, bool Live, bool Ready, IReadOnlyDictionary<string, string> Checks);

public sealed record LiveReport(string Status, string Node, bool Live);

/// <summary>
/// /healthz/live: the process serves requests (always 200 while it does). /healthz/ready: every <see cref="IReadinessCheck"/>
/// passes and the node is not shutting down; 503 otherwise, so a load balancer drains it. /healthz: the same as ready
/// (what it always answered: 200 with status "ok" while the database answers).
/// </summary>
public static class HealthApi
{
    private static readonly TimeSpan CheckLimit = TimeSpan.FromSeconds(3);

    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", Ready).WithTags("Health").AllowAnonymous();
        var health = app.MapGroup("/healthz").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", (NodeIdentity node) => TypedResults.Ok(new LiveReport("ok", node.Name, Live: true)));
        health.MapGet("/ready", Ready);
    }

    private static async Task<JsonHttpResult<HealthReport>> Ready(IEnumerable<IReadinessCheck> checks, NodeIdentity node,
        IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var results = await Task.WhenAll(checks.Select(async c => (c.Name, Ready: await ProbeAsync(c, ct))));
        var stopping = lifetime.ApplicationStopping.IsCancellationRequested;
        var ready = !stopping && results.All(r => r.Ready);
        var report = new HealthReport(stopping ? "stopping" : ready ? "ok" : "unavailable", node.Name, Live: true, ready,
            results.ToDictionary(r => r.Name, r => r.Ready ? "ok" : "down"));
        return TypedResults.Json(report, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>A check that throws or hangs is not ready; the caller hanging up ends the probe.</summary>
    private static async Task<bool> ProbeAsync(IReadinessCheck check, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(CheckLimit);
        try { return await check.IsReadyAsync(limit.Token).WaitAsync(limit.Token); }
        catch (Exception) when (!ct.IsCancellationRequested) { return false; }
    }
}
