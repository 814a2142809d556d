using System.Globalization;

namespace Parley.Bench.Measure;

/// <summary>
/// A Parley node's Prometheus endpoint (its metrics listener, Parley:Metrics:Urls), read before and after the measured
/// window: what the server says it spent on one part of the work, beside the CPU its process used.
/// </summary>
public static class ServerMetrics
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// The sum of a metric's series ("parley_search_catchup_duration_seconds_sum"); null while it has none (nothing
    /// recorded yet, or a metric this server never records, such as the catch-ups on PostgreSQL).
    /// </summary>
    public static async Task<double?> SumAsync(Uri metrics, string name, CancellationToken ct)
    {
        var text = await Http.GetStringAsync(new Uri(metrics, "/metrics"), ct);
        double? sum = null;
        foreach (var line in text.Split('\n'))
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{')
                sum = (sum ?? 0) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        return sum;
    }

    /// <summary>What a metric grew by between two readings: null if it has no series by the second.</summary>
    public static double? Growth(double? before, double? after) => after - (before ?? 0);
}
