using System.Collections.Concurrent;
using Parley.Server.Cluster;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// What a node says about Redis, whatever order StackExchange.Redis's reports arrive in (it raises them on the thread
/// pool): a node that is back on Redis is ready again and says so once, even when the report of the loss came after
/// the report of the recovery, or the recovery was never reported. (The cluster fault tests restart Redis for real.)
/// </summary>
public sealed class RedisLinkStateTests
{
    private readonly ConcurrentQueue<string> _log = new();
    private bool _linksUp = true;
    private readonly RedisLinkState _link;

    public RedisLinkStateTests() =>
        _link = new RedisLinkState(() => _linksUp, "127.0.0.1:6390", new CapturingLoggerProvider(_log).CreateLogger("redis"));

    private IEnumerable<string> Said() => _log.Select(l => l.Contains("Lost Redis") ? "lost" : l.Contains("is reachable again") ? "back" : l.Contains("can't be reached") ? "started without" : l);

    [Fact]
    public void ARecoveryReportedBeforeItsLossStillEndsUpAndSaysEachOnce()
    {
        // Redis restarted quickly: the recovery's report is handled first, while the links are up and nothing was lost yet.
        Assert.False(_link.Check());
        _link.Failed("127.0.0.1:6390", "SocketClosed");
        Assert.False(_link.IsUp);
        // The next check sees the links up.
        Assert.True(_link.Check());
        Assert.True(_link.IsUp);
        Assert.False(_link.Check());
        Assert.Equal(["lost", "back"], Said());
    }

    [Fact]
    public void ARecoveryNeverReportedIsSeenByTheCheck()
    {
        _linksUp = false;
        _link.Failed("127.0.0.1:6390", "SocketClosed");
        Assert.False(_link.Check());
        Assert.False(_link.IsUp);
        _linksUp = true;
        Assert.True(_link.Check());
        Assert.True(_link.IsUp);
        Assert.Equal(["lost", "back"], Said());
    }

    [Fact]
    public void ALossNeverReportedIsSeenByTheCheckAndSaidOnce()
    {
        _linksUp = false;
        Assert.False(_link.Check());
        Assert.False(_link.IsUp);
        _link.Failed("127.0.0.1:6390", "SocketClosed");
        Assert.False(_link.Check());
        Assert.Equal(["lost"], Said());
    }

    [Fact]
    public void ANodeThatStartedWithoutRedisSaysSoAndThenThatItIsBack()
    {
        _linksUp = false;
        _link.Started();
        _link.Failed("127.0.0.1:6390", "UnableToConnect");
        Assert.False(_link.IsUp);
        _linksUp = true;
        Assert.True(_link.Check());
        Assert.Equal(["started without", "back"], Said());
    }
}
