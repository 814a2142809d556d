using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Parley.Server.Infrastructure;

public static class RateLimits
{
    public const string AuthPolicy = "auth";
    public const string UploadPolicy = "uploads";
    public const string FriendRequestPolicy = "friend-requests";

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
            o.AddPolicy(UploadPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var who = http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter("upload:" + who,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.UploadsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.AddPolicy(FriendRequestPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var who = http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter("friend:" + who,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.FriendRequestsPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 });
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
/// Per-user token buckets (ASP.NET's rate-limiting middleware never sees hub invocations): one for writes
/// (sends, edits, deletes, reactions), shared by the hub filter and the REST endpoints, and a looser one for
/// every hub call, so typing, read marks and sync can't be used to flood either.
/// </summary>
public sealed class SendLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _writes = Bucket(options.Value.SendBurst, options.Value.SendPerSecond);
    private readonly PartitionedRateLimiter<Guid> _calls = Bucket(options.Value.CallBurst, options.Value.CallsPerSecond);

    private static PartitionedRateLimiter<Guid> Bucket(int burst, int perSecond) => PartitionedRateLimiter.Create<Guid, Guid>(user =>
        RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Takes one write permit, or throws a 429 saying when to retry.</summary>
    public void Acquire(Guid userId) => Take(_writes, userId, "too many messages");

    /// <summary>Takes one hub-call permit, or throws a 429 saying when to retry.</summary>
    public void AcquireCall(Guid userId) => Take(_calls, userId, "too many requests");

    private static void Take(PartitionedRateLimiter<Guid> limiter, Guid userId, string what)
    {
        using var lease = limiter.AttemptAcquire(userId);
        if (lease.IsAcquired) return;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : TimeSpan.FromSeconds(1);
        throw ParleyError.TooMany($"Rate limited: {what}. Retry in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s.", wait);
    }

    public void Dispose()
    {
        _writes.Dispose();
        _calls.Dispose();
    }
}
