using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Parley.Server.Infrastructure;

public static class RateLimits
{
    public const string AuthPolicy = "auth";

    public static void AddParleyRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration("Parley:RateLimits").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SendLimiter>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = 429;
            o.AddPolicy(AuthPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.AuthPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                var wait = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : TimeSpan.FromMinutes(1);
                ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
                await TypedResults.Problem(statusCode: 429, title: "Too many attempts. Try again later.").ExecuteAsync(ctx.HttpContext);
            };
        });
    }
}

/// <summary>
/// Per-user token bucket for sends, edits, deletes and reactions, shared by the hub filter and the REST endpoints
/// (ASP.NET's rate-limiting middleware never sees hub invocations).
/// </summary>
public sealed class SendLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter = PartitionedRateLimiter.Create<Guid, Guid>(user =>
        RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.SendBurst,
            TokensPerPeriod = options.Value.SendPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Takes one permit, or throws a 429 saying when to retry.</summary>
    public void Acquire(Guid userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        if (lease.IsAcquired) return;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : TimeSpan.FromSeconds(1);
        throw ParleyError.TooMany($"Rate limited: too many messages. Retry in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s.", wait);
    }

    public void Dispose() => _limiter.Dispose();
}
