using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Previews;

/// <summary>Parley:Previews.</summary>
public sealed class PreviewsOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>
    /// Host names fetched even on private or loopback addresses and on any port (a test site, an intranet wiki).
    /// Empty by default: every other host must be public and on an allowed port.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];
    /// <summary>Ports contacted for hosts not in AllowedHosts.</summary>
    public int[] AllowedPorts { get; set; } = [80, 443];
    /// <summary>How long a fetched (or failed) preview is reused before the link is fetched again.</summary>
    [Range(1, 24 * 30)] public int CacheHours { get; set; } = 24;
}
