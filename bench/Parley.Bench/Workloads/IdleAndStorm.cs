using System.Diagnostics;
using Parley.Bench.Clients;
using Parley.Bench.Measure;
using Parley.Bench.Targets;

namespace Parley.Bench.Workloads;

/// <summary>
/// Idle connections (server memory per authenticated connection: (RSS_N − RSS_0) / N) and the connect storm (how
/// many authenticated connections per second the server completes). Connections are spread over a pool of users,
/// each in one room, as a real deployment's would be.
/// </summary>
public static class IdleAndStorm
{
    public static async Task<Result> IdleAsync(Target target, BenchOptions o, CancellationToken ct)
    {
        var count = o.Int("connections", 1000);
        var (who, latency) = await PeopleAsync(target, o, count, ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var rss0 = target.Server?.RssBytes() ?? 0;
        var connections = new IChatConnection?[count];
        using var keepAlive = new CancellationTokenSource();
        var pings = Connections.KeepAliveAsync(target, connections, keepAlive.Token);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = ct }, async (i, c) =>
        {
            try { connections[i] = await target.ConnectAsync(who[i].Member, who[i].Rooms, new Receiver(latency), i, c); }
            catch (Exception) { } // counted as not open
        });
        await Task.Delay(TimeSpan.FromSeconds(o.Double("settle", 5)), ct); // let allocations settle
        var rssN = target.Server?.RssBytes() ?? 0;
        var open = connections.Count(c => c is { IsOpen: true });
        keepAlive.Cancel();
        await pings;
        await Connections.CloseAllAsync(connections);
        // What the server gives back once they are gone (a connection flood must not leave it swollen).
        await Task.Delay(TimeSpan.FromSeconds(o.Double("settle", 5) * 2), ct);
        var rssAfter = target.Server?.RssBytes() ?? 0;
        return new Result
        {
            Workload = "idle", Target = target.Name, Shape = $"{count} connections", Connections = open, Errors = count - open,
            BytesPerConnection = open == 0 ? 0 : Math.Round((rssN - rss0) / (double)open),
            ServerPeakRssMb = Math.Round((target.Server?.PeakRssBytes() ?? 0) / 1048576.0, 1),
            Note = $"RSS {rss0 / 1048576.0:F0} MB → {rssN / 1048576.0:F0} MB → {rssAfter / 1048576.0:F0} MB once closed",
        };
    }

    public static async Task<Result> StormAsync(Target target, BenchOptions o, CancellationToken ct)
    {
        var count = o.Int("connections", 2000);
        var concurrency = o.Int("concurrency", 200);
        var (who, latency) = await PeopleAsync(target, o, count, ct);
        var connections = new IChatConnection?[count];
        long errors = 0;
        var cpu0 = target.Server?.CpuSeconds() ?? 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, c) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                connections[i] = await target.ConnectAsync(who[i].Member, who[i].Rooms, new Receiver(latency), i, c);
                latency.RecordTicks(Stopwatch.GetTimestamp() - started);
            }
            catch (Exception) { Interlocked.Increment(ref errors); }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var result = new Result
        {
            Workload = "storm", Target = target.Name, Shape = $"{count} connections, {concurrency} at once", Connections = count - (int)errors,
            Seconds = Math.Round(seconds, 2), Errors = errors,
            ConnectionsPerSec = Math.Round((count - errors) / seconds),
            P50Ms = latency.PercentileMs(50), P95Ms = latency.PercentileMs(95), P99Ms = latency.PercentileMs(99), MaxMs = latency.MaxMs,
            ServerCpuSeconds = Math.Round((target.Server?.CpuSeconds() ?? 0) - cpu0, 2),
            ServerPeakRssMb = Math.Round((target.Server?.PeakRssBytes() ?? 0) / 1048576.0, 1),
        };
        await Connections.CloseAllAsync(connections);
        return result;
    }

    /// <summary>A pool of users (--users, default 100) in rooms of 10; connection i belongs to user i mod users.</summary>
    private static async Task<(List<(Member Member, int[] Rooms)>, LatencyHistogram)> PeopleAsync(Target target, BenchOptions o, int count, CancellationToken ct)
    {
        var users = Math.Min(count, o.Int("users", 100));
        var people = await target.CreateMembersAsync(users, ct);
        var rooms = people.Chunk(10).ToList();
        await target.CreateRoomsAsync(rooms, ct);
        var who = Enumerable.Range(0, count).Select(i => (people[i % users], new[] { (i % users) / 10 })).ToList();
        return (who, new LatencyHistogram());
    }
}
