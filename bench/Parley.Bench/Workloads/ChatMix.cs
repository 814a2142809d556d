using System.Diagnostics;
using Parley.Bench.Clients;
using Parley.Bench.Measure;
using Parley.Bench.Targets;

namespace Parley.Bench.Workloads;

/// <summary>
/// Chat mix: U users, each in one room of 10 and one 1:1 DM. Even-numbered users send (one in flight, alternating
/// between their room and their DM); a quarter of the others keep disconnecting and reconnecting (churn). Loss and
/// order are checked on the connections that never churn.
/// </summary>
public static class ChatMix
{
    public static async Task<Result> RunAsync(Target target, BenchOptions o, CancellationToken ct)
    {
        var users = o.Int("users", 200) / 20 * 20;
        var size = o.Int("size", 100);
        var churnEvery = TimeSpan.FromMilliseconds(o.Double("churn-ms", 100));
        var warmup = TimeSpan.FromSeconds(o.Double("warmup", 5));
        var duration = TimeSpan.FromSeconds(o.Double("duration", 15));

        var people = await target.CreateMembersAsync(users, ct);
        var rooms = users / 10;
        var groups = people.Chunk(10).Concat(people.Chunk(2)).ToList(); // rooms first, then the DMs
        await target.CreateRoomsAsync(groups, ct, pairsAreDms: true);
        int RoomOf(int u) => u / 10;
        int DmOf(int u) => rooms + u / 2;
        bool Churns(int u) => u % 4 == 1;

        var latency = new LatencyHistogram();
        var who = people.Select(p => (p, new[] { RoomOf(p.Index), DmOf(p.Index) })).ToList();
        var connections = await Connections.OpenAsync(target, who, latency, 32, ct);
        var stable = Enumerable.Range(0, groups.Count).Select(g => groups[g].Count(p => !Churns(p.Index))).ToArray();

        var acked = new long[groups.Count];
        long measuredSent = 0, measuredAcked = 0, errors = 0, churned = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var reasons = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(); // told on stderr: what the errors were
        var loops = people.Where(p => p.Index % 2 == 0).Select(p => Task.Run(async () =>
        {
            var me = connections[p.Index];
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var room = n % 2 == 0 ? RoomOf(p.Index) : DmOf(p.Index);
                var counted = Volatile.Read(ref measuring);
                if (counted) Interlocked.Increment(ref measuredSent);
                try
                {
                    await me.SendAsync(room, $"m{p.Index}-{n}", PayloadText.Make(Stopwatch.GetTimestamp(), size));
                    Interlocked.Increment(ref acked[room]);
                    if (counted) Interlocked.Increment(ref measuredAcked);
                }
                catch (ServerRefused e)
                {
                    Interlocked.Increment(ref errors);
                    reasons.AddOrUpdate("send: " + e.Message, 1, (_, k) => k + 1);
                    if (!me.IsOpen) return;
                }
            }
        })).ToList();

        // Churn: drop a churning connection and open it again, over and over.
        var churners = people.Where(p => Churns(p.Index)).ToArray();
        var churn = Task.Run(async () =>
        {
            var random = new Random(1);
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(churnEvery);
                var p = churners[random.Next(churners.Length)];
                var old = connections[p.Index];
                try
                {
                    await old.DisposeAsync();
                    var fresh = await target.ConnectAsync(p, who[p.Index].Item2, new Receiver(latency) { Measuring = Volatile.Read(ref measuring) }, p.Index, ct);
                    connections[p.Index] = fresh;
                    Interlocked.Increment(ref churned);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref errors);
                    reasons.AddOrUpdate("reconnect: " + e.GetType().Name + ": " + e.Message, 1, (_, k) => k + 1);
                }
            }
        });

        await Task.Delay(warmup, ct);
        await PostgresStatistics.AnalyzeAsync(o, ct);
        latency.Reset();
        foreach (var c in connections) c.Receiver.Measuring = true;
        Volatile.Write(ref measuring, true);
        var before = connections.Select(c => c.Receiver).ToList();
        var cpu0 = target.Server?.CpuSeconds() ?? 0;
        var own0 = Result.OwnCpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration, ct);
        Volatile.Write(ref measuring, false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (target.Server?.CpuSeconds() ?? 0) - cpu0;
        var own = Result.OwnCpuSeconds() - own0;
        stop.Cancel();
        await Task.WhenAll(loops);
        await churn;
        var receivers = connections.Select(c => c.Receiver).Concat(before).Distinct().ToList();
        var measuredDeliveries = receivers.Sum(r => Interlocked.Read(ref r.MeasuredDeliveries));
        var steady = connections.Where((_, i) => !Churns(i)).ToList();
        var expected = Enumerable.Range(0, groups.Count).Sum(g => acked[g] * stable[g]);
        await FanOut.DrainAsync(steady, expected);
        var delivered = steady.Sum(c => Interlocked.Read(ref c.Receiver.Delivered));

        var result = new Result
        {
            Workload = "chatmix", Target = target.Name,
            Shape = $"{users} users, rooms of 10 + DMs, churn every {churnEvery.TotalMilliseconds:F0} ms",
            Connections = connections.Length, Seconds = Math.Round(seconds, 1),
            Sent = measuredSent, Acked = measuredAcked,
            SentPerSec = Math.Round(measuredSent / seconds), AckedPerSec = Math.Round(measuredAcked / seconds),
            DeliveriesPerSec = Math.Round(measuredDeliveries / seconds),
            P50Ms = latency.PercentileMs(50), P95Ms = latency.PercentileMs(95), P99Ms = latency.PercentileMs(99), MaxMs = latency.MaxMs,
            Errors = errors, Lost = Math.Max(0, expected - delivered),
            Duplicates = steady.Sum(c => c.Receiver.Duplicates), Gaps = steady.Sum(c => c.Receiver.Gaps), Reordered = steady.Sum(c => c.Receiver.Reordered),
            ServerCpuSeconds = Math.Round(cpu, 2), LoadCpuPercent = Result.Percent(own, seconds),
            ServerPeakRssMb = Math.Round((target.Server?.PeakRssBytes() ?? 0) / 1048576.0, 1),
            Note = $"{Interlocked.Read(ref churned)} reconnects",
        };
        foreach (var (reason, n) in reasons.OrderByDescending(r => r.Value)) Console.Error.WriteLine($"chatmix {target.Name} error ×{n}: {reason}");
        await Connections.CloseAllAsync(connections);
        return result;
    }
}
