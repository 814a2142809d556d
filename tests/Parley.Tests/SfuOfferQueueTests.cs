using Microsoft.Extensions.Time.Testing;
using Parley.Server.Calls;
using Xunit;

namespace Parley.Tests;

/// <summary>Janus's offers reach the client one at a time: the next once the last was answered, or once it waited too long.</summary>
public sealed class SfuOfferQueueTests
{
    private static SfuOfferEvent Offer(string sdp) => new(Guid.Empty, sdp, []);

    [Fact]
    public async Task AnOfferWaitsUntilThePreviousOneIsAnswered()
    {
        var sent = new List<string>();
        using var queue = new SfuOfferQueue(o => { sent.Add(o.Sdp); return Task.CompletedTask; }, new FakeTimeProvider());

        await queue.OfferAsync(Offer("1"));
        await queue.OfferAsync(Offer("2"));
        await queue.OfferAsync(Offer("3"));
        Assert.Equal(["1"], sent);
        Assert.True(queue.AwaitingAnswer);

        await queue.AnsweredAsync();
        Assert.Equal(["1", "2"], sent);
        await queue.AnsweredAsync();
        await queue.AnsweredAsync();
        Assert.Equal(["1", "2", "3"], sent);
        Assert.False(queue.AwaitingAnswer);
    }

    [Fact]
    public async Task AnUnansweredOfferStopsHoldingTheNextAfterTheWait()
    {
        var clock = new FakeTimeProvider();
        var sent = new List<string>();
        using var queue = new SfuOfferQueue(o => { lock (sent) sent.Add(o.Sdp); return Task.CompletedTask; }, clock);
        await queue.OfferAsync(Offer("1"));
        await queue.OfferAsync(Offer("2"));

        clock.Advance(SfuOfferQueue.AnswerWait - TimeSpan.FromSeconds(1));
        Assert.Equal(["1"], sent);
        clock.Advance(TimeSpan.FromSeconds(1));
        // The timer's callback hands the next offer over on its own task.
        for (var i = 0; i < 200 && sent.Count < 2; i++) await Task.Delay(10, TestContext.Current.CancellationToken);
        Assert.Equal(["1", "2"], sent);
        Assert.True(queue.AwaitingAnswer);
    }
}
