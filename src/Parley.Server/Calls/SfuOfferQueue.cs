namespace Parley.Server.Calls;

/// <summary>
/// Janus's offers for one subscriber PeerConnection, handed to the client one at a time: the next goes out once the
/// previous was answered (SfuAnswer), or after <see cref="AnswerWait"/> without an answer, in the order Janus made them.
/// </summary>
public sealed class SfuOfferQueue(Func<SfuOfferEvent, Task> send, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<SfuOfferEvent> _queued = new();
    private ITimer? _unanswered;
    private long _sent;

    /// <summary>An offer was sent and its answer hasn't come (nor did the wait run out).</summary>
    public bool AwaitingAnswer => _unanswered is not null;

    public async Task OfferAsync(SfuOfferEvent offer)
    {
        await _gate.WaitAsync();
        try
        {
            if (_unanswered is not null) _queued.Enqueue(offer);
            else await SendAsync(offer);
        }
        finally { _gate.Release(); }
    }

    /// <summary>The client answered the offer: the next one, if any, goes.</summary>
    public Task AnsweredAsync() => NextAsync(null);

    /// <summary>After an answer, or when offer number <paramref name="waitedFor"/> waited long enough (unless answered meanwhile).</summary>
    private async Task NextAsync(long? waitedFor)
    {
        await _gate.WaitAsync();
        try
        {
            if (waitedFor is { } sent && sent != _sent) return;
            _unanswered?.Dispose();
            _unanswered = null;
            if (_queued.TryDequeue(out var next)) await SendAsync(next);
        }
        finally { _gate.Release(); }
    }

    private async Task SendAsync(SfuOfferEvent offer)
    {
        var sent = ++_sent;
        _unanswered = clock.CreateTimer(_ => _ = NextAsync(sent), null, AnswerWait, Timeout.InfiniteTimeSpan);
        await send(offer);
    }

    public void Dispose()
    {
        _unanswered?.Dispose();
        _queued.Clear();
    }
}
