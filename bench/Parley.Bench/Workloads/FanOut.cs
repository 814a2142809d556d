using System.Diagnostics;
using Parley.Bench.Clients;
using Parley.Bench.Measure;
using Parley.Bench.Targets;

namespace Parley.Bench.Workloads;

/// <summary>
/// Room fan-out: R rooms × M members, S senders per room, each keeping W messages in flight (closed loop: the next
/// goes when one is acknowledged). After a warm-up the figures are taken over the measured window; then the senders
/// stop, deliveries drain, and every receiver's sequence is checked: no gaps, no repeats, nothing acknowledged lost.
/// With --rate N the senders together send at most N messages a second (each loop every W·S·R/N seconds, staggered;
/// a loop that falls behind skips its missed turns rather than bursting), so one server and a cluster can be compared
/// at the same load rather than each at its limit. With --preload N the run starts on a database already holding N
/// messages (SearchBench.PreloadAsync), as a server that has run a while does.
/// </summary>
public static class FanOut
{
    // SQLite's search-index catch-ups as the server times them: their wall time and their CPU.
    private static readonly string[] CatchUpMetrics = ["parley_search_catchup_duration_seconds_sum", "parley_search_catchup_cpu_time_seconds_total"];

    public static async Task<Result> RunAsync(Target target, BenchOptions o, CancellationToken ct)
    {
        int rooms = o.Int("rooms", 4), members = o.Int("members", 25), senders = o.Int("senders", 2), window = o.Int("window", 4);
        var size = o.Int("size", 100);
        var rate = o.Double("rate", 0);
        // --text words: chat-like words after the timestamp instead of filler, so indexing costs what it would.
        var corpus = o.Get("text", "filler") == "words" ? new SearchCorpus() : null;
        var warmup = TimeSpan.FromSeconds(o.Double("warmup", 5));
        var duration = TimeSpan.FromSeconds(o.Double("duration", 15));

        // --preload N: the run starts on a database that already holds N messages (SearchBench.PreloadAsync).
        var preload = o.Int("preload", 0);
        if (preload > 0)
        {
            if (target is not ParleyTarget parley) throw new ArgumentException("--preload stores messages in Parley's database: it takes a sqlite or postgres target");
            await SearchBench.PreloadAsync(parley, o.Require("seed-db"), preload, ct);
        }
        var people = await target.CreateMembersAsync(rooms * members, ct);
        var roomMembers = Enumerable.Range(0, rooms).Select(r => people.Skip(r * members).Take(members).ToArray()).ToList();
        await target.CreateRoomsAsync(roomMembers, ct);
        var latency = new LatencyHistogram();
        var who = people.Select(p => (p, new[] { p.Index / members })).ToList();
        var connections = await Connections.OpenAsync(target, who, latency, 32, ct);
        await AwaitListeningAsync(connections, rooms, members, ct);

        var acked = new long[rooms];
        long sent = 0, measuredSent = 0, measuredAcked = 0, errors = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var loops = new List<Task>();
        var loopCount = rooms * senders * window;
        var start = Stopwatch.GetTimestamp();
        for (var r = 0; r < rooms; r++)
            for (var s = 0; s < senders; s++)
                for (var w = 0; w < window; w++)
                {
                    var room = r;
                    var sender = connections[r * members + s];
                    var prefix = $"{r}-{s}-{w}-";
                    var next = loops.Count / rate; // seconds from the start: this loop's next turn
                    var random = new Random(loops.Count);
                    loops.Add(Task.Run(async () =>
                    {
                        for (var n = 0; !stop.IsCancellationRequested; n++)
                        {
                            if (rate > 0)
                            {
                                var now = Stopwatch.GetElapsedTime(start).TotalSeconds;
                                if (next > now) await Task.Delay(TimeSpan.FromSeconds(next - now));
                                next = Math.Max(next, now) + loopCount / rate;
                            }
                            string Payload(long now) => corpus is null ? PayloadText.Make(now, size)
                                : PayloadText.Make(now, 0) + " " + corpus.Filler(random, size - 21);
                            var counted = Volatile.Read(ref measuring);
                            Interlocked.Increment(ref sent);
                            if (counted) Interlocked.Increment(ref measuredSent);
                            try
                            {
                                await sender.SendAsync(room, prefix + n, Payload(Stopwatch.GetTimestamp()));
                                Interlocked.Increment(ref acked[room]);
                                if (counted) Interlocked.Increment(ref measuredAcked);
                            }
                            catch (ServerRefused)
                            {
                                Interlocked.Increment(ref errors);
                                if (!sender.IsOpen) return;
                                await Task.Delay(10);
                            }
                        }
                    }));
                }

        await Task.Delay(warmup, ct);
        await PostgresStatistics.AnalyzeAsync(o, ct);
        latency.Reset();
        foreach (var c in connections) c.Receiver.Measuring = true;
        Volatile.Write(ref measuring, true);
        // Read outside the CPU readings: a scrape costs the server CPU too.
        var catchUp0 = target.Metrics is { } metrics ? await ServerMetrics.SumsAsync(metrics, CatchUpMetrics, ct) : null;
        var cpu0 = target.Server?.CpuSeconds() ?? 0;
        var db0 = target.Database?.CpuSeconds() ?? 0;
        var written0 = Written(target);
        var redis0 = target.Redis is { } endpoint ? await RedisStats.ReadAsync(endpoint, ct) : null;
        var own0 = Result.OwnCpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration, ct);
        Volatile.Write(ref measuring, false);
        foreach (var c in connections) c.Receiver.Measuring = false;
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (target.Server?.CpuSeconds() ?? 0) - cpu0;
        var db = (target.Database?.CpuSeconds() ?? 0) - db0;
        var written = Written(target) - written0;
        var redis = redis0 is null ? null : await RedisStats.ReadAsync(target.Redis!, ct) - redis0;
        var own = Result.OwnCpuSeconds() - own0;
        var catchUp1 = target.Metrics is { } m ? await ServerMetrics.SumsAsync(m, CatchUpMetrics, ct) : null;
        var measuredDeliveries = connections.Sum(c => Interlocked.Read(ref c.Receiver.MeasuredDeliveries));
        var loadAverage = Result.ReadLoadAverage();

        stop.Cancel();
        await Task.WhenAll(loops);
        var expected = acked.Sum() * (long)members;
        await DrainAsync(connections, expected);
        var delivered = connections.Sum(c => Interlocked.Read(ref c.Receiver.Delivered));
        var closed = connections.Count(c => !c.IsOpen); // by the server: a client that fell too far behind is dropped
        // Where losses are, by node (connections take the nodes in turn): a cluster that drops one node's share shows here.
        var shortBy = connections.Select((c, i) => (Node: i % target.Nodes.Count, Short: acked[i / members] - Interlocked.Read(ref c.Receiver.Delivered)))
            .Where(x => x.Short > 0).GroupBy(x => x.Node)
            .Select(g => $"node {g.Key + 1}: {g.Count()} connections short {g.Sum(x => x.Short)}").ToList();
        var result = new Result
        {
            Workload = "fanout",
            Target = target.Name,
            Shape = $"{rooms}x{members} s{senders} w{window} {size}B{(corpus is null ? "" : " words")}" + (rate > 0 ? $" {rate:0}/s" : "") + (preload > 0 ? $" +{preload:N0} stored" : ""),
            Nodes = target.Nodes.Count,
            Connections = connections.Length,
            Seconds = Math.Round(seconds, 1),
            Sent = measuredSent,
            Acked = measuredAcked,
            SentPerSec = Math.Round(measuredSent / seconds),
            AckedPerSec = Math.Round(measuredAcked / seconds),
            DeliveriesPerSec = Math.Round(measuredDeliveries / seconds),
            P50Ms = latency.PercentileMs(50), P95Ms = latency.PercentileMs(95), P99Ms = latency.PercentileMs(99), MaxMs = latency.MaxMs,
            Errors = errors,
            Lost = Math.Max(0, expected - delivered),
            Duplicates = connections.Sum(c => c.Receiver.Duplicates),
            Gaps = connections.Sum(c => c.Receiver.Gaps), Reordered = connections.Sum(c => c.Receiver.Reordered),
            ServerCpuSeconds = Math.Round(cpu, 2), LoadCpuPercent = Result.Percent(own, seconds),
            CpuUsPerDelivery = measuredDeliveries > 0 ? Math.Round(1e6 * cpu / measuredDeliveries, 1) : null,
            DbCpuSeconds = target.Database is null ? null : Math.Round(db, 2),
            WrittenKbPerMessage = measuredAcked > 0 && written > 0 ? Math.Round(written / 1024.0 / measuredAcked, 1) : null,
            SearchCatchUpSeconds = ServerMetrics.Growth(catchUp0?[0], catchUp1?[0]) is { } took ? Math.Round(took, 3) : null,
            SearchCatchUpCpuSeconds = ServerMetrics.Growth(catchUp0?[1], catchUp1?[1]) is { } used ? Math.Round(used, 3) : null,
            Redis = redis is null ? null : RedisCost.PerMessage(redis, measuredAcked),
            LoadAverage = loadAverage,
            Note = string.Join("; ", (closed > 0 ? [$"{closed} connections closed by the server"] : new List<string>()).Concat(shortBy)) is { Length: > 0 } n ? n : null,
            ServerPeakRssMb = Math.Round((target.Server?.PeakRssBytes() ?? 0) / 1048576.0, 1),
        };
        await Connections.CloseAllAsync(connections);
        return result;
    }

    /// <summary>Bytes the server side and its database have written to storage so far.</summary>
    private static long Written(Target target) => (target.Server?.WrittenBytes() ?? 0) + (target.Database?.WrittenBytes() ?? 0);

    /// <summary>
    /// SignalR runs the server's on-connect work (joining the room groups) after the handshake the client waits for;
    /// on a cold cluster node, whose group joins go through Redis, that took up to a second, and the first messages
    /// missed those members (counted as lost). Untimed probes go to each room until every member has heard one.
    /// </summary>
    private static async Task AwaitListeningAsync(IChatConnection[] connections, int rooms, int members, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        for (var n = 0; !connections.All(c => c.Receiver.HeardAny); n++)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("members still not in their rooms after 30 s");
            for (var r = 0; r < rooms; r++)
                if (!Enumerable.Range(r * members, members).All(i => connections[i].Receiver.HeardAny))
                    await connections[r * members].SendAsync(r, $"probe-{r}-{n}", "probe");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Waits until every acknowledged message has reached every member, or nothing new arrives for 5 s.</summary>
    public static async Task DrainAsync(IReadOnlyList<IChatConnection> connections, long expected)
    {
        long last = -1;
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < TimeSpan.FromSeconds(5))
        {
            var now = connections.Sum(c => Interlocked.Read(ref c.Receiver.Delivered));
            if (now >= expected) return;
            if (now != last) { last = now; quiet.Restart(); }
            await Task.Delay(50);
        }
    }
}
