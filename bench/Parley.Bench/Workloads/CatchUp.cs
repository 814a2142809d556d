using System.Diagnostics;
using System.Text.Json;
using Parley.Bench.Clients;
using Parley.Bench.Measure;
using Parley.Bench.Targets;

namespace Parley.Bench.Workloads;

/// <summary>
/// Reconnect catch-up: Bob is offline while Alice sends N messages; then Bob reconnects to the hub and fetches the
/// changes since his last rev (GET …/changes, 500 a page) — the time until he holds all N, repeated several times.
/// </summary>
public static class CatchUp
{
    public static async Task<Result> RunAsync(ParleyTarget target, BenchOptions o, CancellationToken ct)
    {
        var missed = o.Int("missed", 1000);
        var rounds = o.Int("rounds", 5);
        var people = await target.CreateMembersAsync(2, ct);
        await target.CreateRoomsAsync([[people[0], people[1]]], ct);
        var roomId = target.RoomId(0);
        var latency = new LatencyHistogram();
        var alice = await target.ConnectAsync(people[0], [0], new Receiver(new LatencyHistogram()), 0, ct);
        long errors = 0;
        var cpu0 = target.Server?.CpuSeconds() ?? 0;
        for (var round = 0; round < rounds; round++)
        {
            var rev = (await target.Send(HttpMethod.Get, $"/api/rooms/{roomId}", people[1], null, ct)).GetProperty("room").GetProperty("lastRev").GetInt64();
            // Alice sends while Bob is away, 16 in flight.
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) <= missed)
                {
                    try { await alice.SendAsync(0, $"c{round}-{n}", PayloadText.Make(Stopwatch.GetTimestamp(), 100)); }
                    catch (ServerRefused) { Interlocked.Increment(ref errors); }
                }
            })));

            var started = Stopwatch.GetTimestamp();
            await using var bob = await target.ConnectAsync(people[1], [0], new Receiver(new LatencyHistogram()), 1, ct);
            var got = 0;
            var more = true;
            while (more)
            {
                var page = await target.Send(HttpMethod.Get, $"/api/rooms/{roomId}/changes?sinceRev={rev}&limit=500", people[1], null, ct);
                got += page.GetProperty("messages").GetArrayLength();
                rev = page.GetProperty("lastRev").GetInt64();
                more = page.GetProperty("hasMore").GetBoolean();
            }
            latency.RecordTicks(Stopwatch.GetTimestamp() - started);
            if (got < missed) errors += missed - got;
        }
        await alice.DisposeAsync();
        return new Result
        {
            Workload = "catchup", Target = target.Name, Shape = $"{missed} missed messages, {rounds} rounds", Connections = 2,
            P50Ms = latency.PercentileMs(50), P95Ms = latency.PercentileMs(95), P99Ms = latency.PercentileMs(99), MaxMs = latency.MaxMs,
            Errors = errors, ServerCpuSeconds = Math.Round((target.Server?.CpuSeconds() ?? 0) - cpu0, 2),
            ServerPeakRssMb = Math.Round((target.Server?.PeakRssBytes() ?? 0) / 1048576.0, 1),
        };
    }
}
