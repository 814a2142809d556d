using Parley.Bench.Clients;
using Parley.Bench.Measure;
using Parley.Bench.Targets;

namespace Parley.Bench.Workloads;

/// <summary>Opening many connections with bounded concurrency, and keeping them alive while they sit idle.</summary>
public static class Connections
{
    public static async Task<IChatConnection[]> OpenAsync(Target target, IReadOnlyList<(Member Member, int[] Rooms)> who, LatencyHistogram latency,
        int concurrency, CancellationToken ct)
    {
        var connections = new IChatConnection[who.Count];
        await Parallel.ForAsync(0, who.Count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, c) =>
            connections[i] = await target.ConnectAsync(who[i].Member, who[i].Rooms, new Receiver(latency), i, c));
        return connections;
    }

    /// <summary>Pings every connection every 10 s until cancelled (Parley drops clients silent for 30 s).</summary>
    public static async Task KeepAliveAsync(Target target, IReadOnlyList<IChatConnection?> connections, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
                foreach (var c in connections)
                    if (c is { IsOpen: true }) _ = target.KeepAliveAsync(c).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) { }
    }

    public static async Task CloseAllAsync(IEnumerable<IChatConnection?> connections) =>
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
        {
            if (c is not null) await c.DisposeAsync();
        });
}
