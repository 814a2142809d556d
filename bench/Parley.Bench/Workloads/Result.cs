using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Bench.Workloads;

/// <summary>One run's figures, printed as one JSON line.</summary>
public sealed class Result
{
    public string Workload { get; set; } = "";
    public string Target { get; set; } = "";
    public string Shape { get; set; } = "";
    public int Connections { get; set; }
    public double Seconds { get; set; }
    public long Sent { get; set; }
    public long Acked { get; set; }
    public double SentPerSec { get; set; }
    public double AckedPerSec { get; set; }
    public double DeliveriesPerSec { get; set; }
    public double P50Ms { get; set; }
    public double P95Ms { get; set; }
    public double P99Ms { get; set; }
    public double MaxMs { get; set; }
    public long Errors { get; set; }
    public long Lost { get; set; }
    public long Duplicates { get; set; }
    public long Gaps { get; set; }
    /// <summary>Messages that reached a member before an earlier one of the same room (allowed: clients order by seq).</summary>
    public long Reordered { get; set; }
    public double ServerCpuSeconds { get; set; }
    /// <summary>How busy the load generator's own core was while measuring: near 100 % it, not the server, sets the pace.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? LoadCpuPercent { get; set; }
    public double ServerPeakRssMb { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? BytesPerConnection { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? ConnectionsPerSec { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Note { get; set; }
    /// <summary>How many server nodes the connections were spread over.</summary>
    public int Nodes { get; set; } = 1;
    /// <summary>Server CPU (every server process: the nodes and, in a cluster, redis-server) per delivery, in µs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? CpuUsPerDelivery { get; set; }
    /// <summary>
    /// What storing a message wrote to storage, in KB (server and database processes, over the window, per message
    /// acknowledged): the write amplification of the schema's indexes, steady where CPU time is noisy.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? WrittenKbPerMessage { get; set; }
    /// <summary>PostgreSQL's CPU seconds (postmaster and backends) over the window: beside the server's, not in it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? DbCpuSeconds { get; set; }
    /// <summary>
    /// Seconds SQLite's search-index catch-ups held the server's writer over the window, as the server times them
    /// (parley_search_catchup_duration_seconds, with --metrics-url): wall time, so at least their CPU.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? SearchCatchUpSeconds { get; set; }
    /// <summary>The CPU those catch-ups used, by the writer thread's own clock (parley_search_catchup_cpu_time_seconds, Linux).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? SearchCatchUpCpuSeconds { get; set; }
    /// <summary>What the backplane's redis-server did per message sent, over the window.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RedisCost? Redis { get; set; }
    /// <summary>The machine's 1/5/15-minute load average as the window ended (other work on the machine shows here).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? LoadAverage { get; set; }

    /// <summary>The load generator's CPU time so far, for <see cref="LoadCpuPercent"/>.</summary>
    public static double OwnCpuSeconds()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    public static string ReadLoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static double Percent(double cpuSeconds, double seconds) => Math.Round(100 * cpuSeconds / seconds);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    public string ToJson() => JsonSerializer.Serialize(this, Options);
}
