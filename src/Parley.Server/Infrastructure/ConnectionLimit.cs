using System.Globalization;

namespace Parley.Server.Infrastructure;

/// <summary>
/// Caps open client connections below the process's open-files limit. Without caps, a connection flood took the last
/// descriptors and the server aborted ("Out of memory"), dropping everyone; with them Kestrel turns the extra
/// connections away and everyone else carries on. Kestrel counts a WebSocket (hub) connection apart from plain HTTP
/// ones once it upgrades, so each kind has its cap: Parley:Server:MaxConnections (hub connections) and
/// Parley:Server:MaxHttpConnections. By default the two share the limit less a reserve for the database, files and
/// the runtime: three quarters for the hub, a quarter for HTTP.
/// </summary>
public static class ConnectionLimit
{
    public static void AddParleyConnectionLimit(this WebApplicationBuilder builder)
    {
        var budget = Budget(OpenFilesLimit());
        var hub = Setting(builder, "Parley:Server:MaxConnections") ?? budget * 3 / 4;
        var http = Setting(builder, "Parley:Server:MaxHttpConnections") ?? budget / 4;
        builder.WebHost.ConfigureKestrel(o =>
        {
            if (hub is > 0) o.Limits.MaxConcurrentUpgradedConnections = hub;
            if (http is > 0) o.Limits.MaxConcurrentConnections = http;
        });
    }

    private static long? Setting(WebApplicationBuilder builder, string key) =>
        builder.Configuration.GetValue<long?>(key) is { } n
            ? n >= 1 ? n : throw new InvalidOperationException($"{key} must be 1 or more.")
            : null;

    /// <summary>The open-files limit less a twentieth of it (at least 256, at most 4,096) kept for everything else.</summary>
    private static long? Budget(long? openFiles) =>
        openFiles is not { } n ? null : Math.Max(2, n - Math.Clamp(n / 20, 256, 4096));

    /// <summary>The soft RLIMIT_NOFILE (the runtime raised it to the hard limit at start), or null if unknown or unlimited.</summary>
    private static long? OpenFilesLimit()
    {
        try
        {
            if (!OperatingSystem.IsLinux()) return null;
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        catch (IOException) { return null; }
    }
}
