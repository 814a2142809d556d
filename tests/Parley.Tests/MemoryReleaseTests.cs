using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Server.Realtime;
using Xunit;

namespace Parley.Tests;

/// <summary>The trigger only: what it gives back is measured by the idle bench (docs/benchmarks.md).</summary>
public sealed class MemoryReleaseTests
{
    [Fact]
    public void MemoryIsReleasedOnceMostConnectionsHaveGoneAndNotBefore()
    {
        var registry = new ConnectionRegistry();
        var release = new MemoryRelease(registry, TimeProvider.System, NullLogger<MemoryRelease>.Instance);
        var ids = Enumerable.Range(0, 1200).Select(i => "c" + i).ToList();
        foreach (var id in ids) Assert.True(registry.TryAdd(new Caller(id), Guid.NewGuid(), null, 10));
        release.Check(); // the peak

        foreach (var id in ids.Take(400)) registry.Remove(id);
        release.Check();
        Assert.Equal(0, release.Releases); // a third gone: not yet

        foreach (var id in ids.Skip(400).Take(300)) registry.Remove(id);
        release.Check();
        Assert.Equal(1, release.Releases); // more than half gone
        release.Check();
        Assert.Equal(1, release.Releases); // once per drop
    }

    private sealed class Caller(string id) : HubCallerContext
    {
        public override string ConnectionId => id;
        public override string? UserIdentifier => null;
        public override ClaimsPrincipal? User => null;
        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override CancellationToken ConnectionAborted => CancellationToken.None;
        public override void Abort() { }
    }
}
