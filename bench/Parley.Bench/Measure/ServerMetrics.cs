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
    /// One scrape: the sum of each named metric's series ("parley_search_catchup_duration_seconds_sum"), null for one
    /// that has none (nothing recorded yet, or a metric this server never records, such as the catch-ups on PostgreSQL).
    /// </summary>
    public static async Task<double?[]> SumsAsync(Uri metrics, IReadOnlyList<string> names, CancellationToken ct)
    {
        var text = await Http.GetStringAsync(new Uri(metrics, "/metrics"), ct);
        var sums = new double?[names.Count];
        foreach (var line in text.Split('\n'))
            for (var i = 0; i < names.Count; i++)
                if (line.StartsWith(names[i], StringComparison.Ordinal) && line.Length > names[i].Length && line[names[i].Length] is ' ' or '{')
                    sums[i] = (sums[i] ?? 0) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        return sums;
    }

    /// <summary>What a metric grew by between two readings: null if it has no series by the second.</summary>
    public static double? Growth(double? before, double? after) => after - (before ?? 0);
}
