using Xunit;

namespace Parley.Tests.Infrastructure.Cluster;

/// <summary>
/// One three-node cluster (Redis, HAProxy) for a test class, started by the first test that asks (none on SQLite) and
/// healed before each: the faults a test leaves (a killed node, a stopped Redis) are undone for the next.
/// </summary>
public sealed class SharedCluster : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ParleyCluster? _cluster;

    public async Task<ParleyCluster> HealthyAsync()
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_cluster is null) return _cluster = await ParleyCluster.StartAsync(new ClusterOptions(Nodes: 3));
            await _cluster.HealAsync();
            return _cluster;
        }
        finally { _gate.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
