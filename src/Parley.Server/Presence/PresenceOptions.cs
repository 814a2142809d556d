using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Presence;

/// <summary>Parley:Presence.</summary>
public sealed class PresenceOptions
{
    /// <summary>How long after the last connection closes someone still shows as present (a reload, a flaky network).</summary>
    [Range(0, 600)] public int OfflineGraceSeconds { get; set; } = 10;
    /// <summary>How often custom statuses past their expiry are cleared and announced.</summary>
    [Range(1, 3600)] public int StatusSweepSeconds { get; set; } = 30;
}
