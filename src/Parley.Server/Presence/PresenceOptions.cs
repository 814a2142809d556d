using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Presence;

/// <summary>Parley:Presence.</summary>
public sealed class PresenceOptions : IValidatableObject
{
    /// <summary>How long after the last connection closes someone still shows as present (a reload, a flaky network).</summary>
    [Range(0, 600)] public int OfflineGraceSeconds { get; set; } = 10;
    /// <summary>How often custom statuses past their expiry are cleared and announced.</summary>
    [Range(1, 3600)] public int StatusSweepSeconds { get; set; } = 30;
    /// <summary>Several nodes: how often a node renews its presence entries in Redis and looks for nodes that stopped.</summary>
    [Range(1, 300)] public int HeartbeatSeconds { get; set; } = 15;
    /// <summary>
    /// Several nodes: a node that has not renewed its entries for this long counts as gone, and its users' connections
    /// with it. Its users are offline within this plus one heartbeat.
    /// </summary>
    [Range(2, 900)] public int NodeExpirySeconds { get; set; } = 45;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (NodeExpirySeconds < 2 * HeartbeatSeconds)
            yield return new ValidationResult("Parley:Presence:NodeExpirySeconds must be at least twice HeartbeatSeconds (a late heartbeat must not make a node look gone).",
                [nameof(NodeExpirySeconds)]);
    }
}
