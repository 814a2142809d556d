using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Notifications;

/// <summary>Parley:Push.</summary>
public sealed class PushOptions
{
    /// <summary>Contact for push services (RFC 8292 "sub"): a mailto: or https: URL of whoever runs this server.</summary>
    [RegularExpression("^(mailto:|https://).+", ErrorMessage = "Parley:Push:Subject must be a mailto: or https:// URL.")]
    public string Subject { get; set; } = "mailto:admin@localhost";
    /// <summary>How long a push service keeps a message for a device that is offline.</summary>
    [Range(0, 2_419_200)] public int TtlSeconds { get; set; } = 86_400;
    /// <summary>Tries per message and device when the push service is busy or failing (429, 5xx, network).</summary>
    [Range(1, 10)] public int MaxAttempts { get; set; } = 4;
    /// <summary>First retry delay; each next one doubles (or what Retry-After says).</summary>
    [Range(0, 600_000)] public int RetryDelayMs { get; set; } = 2_000;
    [Range(1, 50)] public int MaxSubscriptionsPerUser { get; set; } = 20;
    /// <summary>
    /// Push endpoints come from browsers, so by default only https on public addresses is contacted (no requests into
    /// your own network). Tests and closed networks with their own push service may allow private addresses and http.
    /// </summary>
    public bool AllowPrivateEndpoints { get; set; }
}
