using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Parley.Server.Infrastructure;

/// <summary>Whether this node's link to the other nodes (the Redis backplane) is up. Registered only when there is one.</summary>
public interface IBackplaneStatus
{
    bool Connected { get; }
}

/// <summary>
/// Parley's own meter: what an operator watches besides ASP.NET Core's meters (docs/api.md, Metrics). Recording costs
/// next to nothing when nobody listens, so the calls stay in place whether the Prometheus endpoint is on or off.
/// </summary>
public sealed class ParleyMetrics
{
    public const string MeterName = "Parley";

    private readonly Meter _meter;
    private readonly Counter<long> _stored;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _hubMessagesSent;
    private readonly Histogram<double> _sendDuration;
    private readonly Counter<long> _syncCalls;
    private readonly Counter<long> _resyncs;
    private readonly Counter<long> _dbErrors;
    private readonly Counter<long> _dbOutages;
    private readonly Histogram<double> _searchCatchUp;
    private readonly Counter<long> _searchIndexed;
    private readonly Counter<double> _searchCpu;

    // The backplane gauge's service is optional and resolved when first read.
    public ParleyMetrics(IMeterFactory meters, IServiceProvider services)
    {
        var meter = _meter = meters.Create(MeterName);
        _stored = meter.CreateCounter<long>("parley.messages.stored", "{message}", "New messages committed to the database by this node.");
        _batchSize = meter.CreateHistogram("parley.messages.batch.size", "{message}", "Messages written per database transaction (group commit).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _hubMessagesSent = meter.CreateCounter<long>("parley.hub.messages.sent", "{message}",
            "Hub messages written to this node's connections, one per receiving connection: events (one MessagesCreated counts once, however many messages it carries), acknowledgements and pings.");
        _sendDuration = meter.CreateHistogram("parley.send.duration", "s", "From a hub SendMessage call's arrival to its acknowledgement.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _syncCalls = meter.CreateCounter<long>("parley.sync.calls", "{call}", "Catch-ups served: hub Sync calls (a client that (re)connected).");
        _resyncs = meter.CreateCounter<long>("parley.sync.resyncs", "{room}", "Rooms a catch-up could not replay (too far behind): the client reloads them.");
        _dbErrors = meter.CreateCounter<long>("parley.db.errors", "{error}", "Failed database commands and connections; error.type=outage when the database was unreachable.");
        _dbOutages = meter.CreateCounter<long>("parley.db.outages", "{outage}", "Times the database became unreachable.");
        _searchCatchUp = meter.CreateHistogram("parley.search.catchup.duration", "s",
            "SQLite: how long each of the writer's search-index catch-ups held it (new messages indexed in one transaction).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        _searchIndexed = meter.CreateCounter<long>("parley.search.catchup.rows", "{message}",
            "SQLite: message rows the writer's search-index catch-ups went through (system lines and deleted rows too).");
        _searchCpu = meter.CreateCounter<double>("parley.search.catchup.cpu_time", "s",
            "SQLite on Linux: CPU time the writer's search-index catch-ups used (the thread they ran on).");
        meter.CreateObservableGauge("parley.backplane.connected",
            () => services.GetService<IBackplaneStatus>() is { } b ? [new Measurement<int>(b.Connected ? 1 : 0)] : Array.Empty<Measurement<int>>(),
            description: "1 while the backplane to the other nodes is connected, 0 while it is not; absent on a single node.");
    }

    /// <summary>
    /// A gauge read from a feature's own state (hub connections, the push queue): the feature registers it when it is
    /// mapped, so this meter needs to know no feature.
    /// </summary>
    public void ObserveGauge(string name, Func<int> read, string unit, string description) =>
        _meter.CreateObservableGauge(name, read, unit, description);

    /// <summary>A transaction of <paramref name="count"/> new messages was committed.</summary>
    public void Stored(int count)
    {
        if (count == 0) return; // a batch of retries only: nothing new was written
        _stored.Add(count);
        _batchSize.Record(count);
    }

    public void HubMessageSent() => _hubMessagesSent.Add(1);

    /// <summary>A send was acknowledged; <paramref name="started"/> is <see cref="Stopwatch.GetTimestamp"/> at its arrival.</summary>
    public void Acknowledged(long started) => _sendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);

    public void Synced(int resyncs)
    {
        _syncCalls.Add(1);
        if (resyncs > 0) _resyncs.Add(resyncs);
    }

    public void DatabaseFailed(bool outage) => _dbErrors.Add(1, new KeyValuePair<string, object?>("error.type", outage ? "outage" : "other"));

    public void DatabaseWentDown() => _dbOutages.Add(1);

    /// <summary>
    /// The writer indexed <paramref name="rows"/> rows for search (SQLite) in <paramref name="took"/>, using
    /// <paramref name="cpu"/> of its thread's CPU where that is known.
    /// </summary>
    public void SearchCaughtUp(long rows, TimeSpan took, TimeSpan? cpu)
    {
        _searchCatchUp.Record(took.TotalSeconds);
        _searchIndexed.Add(rows);
        if (cpu is { } c) _searchCpu.Add(c.TotalSeconds);
    }
}
