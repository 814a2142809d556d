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

    /// <summary>The load generator's CPU time so far, for <see cref="LoadCpuPercent"/>.</summary>
    public static double OwnCpuSeconds()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    public static double Percent(double cpuSeconds, double seconds) => Math.Round(100 * cpuSeconds / seconds);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    public string ToJson() => JsonSerializer.Serialize(this, Options);
}
