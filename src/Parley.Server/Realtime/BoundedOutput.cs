using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Parley.Server.Infrastructure;

namespace Parley.Server.Realtime;

/// <summary>
/// What the hub writes to one connection. The transport takes it as fast as the client reads; once
/// Parley:Hub:MaxQueuedBytes wait untaken (the pipe's pause threshold), the client is too far behind: instead of
/// making the writer wait (which held every room's broadcast and so every sender's acknowledgement), the connection
/// is dropped and everything else written to it is discarded. The client reconnects and catches up by rev.
/// One message that is half the limit or more (a reply to the client's own call, such as a catch-up page of long
/// messages: broadcast frames stay far smaller) fills the pipe by itself without the client being behind: it gets
/// <see cref="LargeMessageGrace"/> to be taken, and only then is the client dropped. Before, such a page dropped the
/// client at every catch-up, and it reconnected forever.
/// </summary>
public sealed class BoundedOutput(PipeWriter inner, ConnectionContext connection, long limit, ParleyMetrics metrics, ILogger log) : PipeWriter
{
    public static readonly TimeSpan LargeMessageGrace = TimeSpan.FromSeconds(10);
    private static readonly ValueTask<FlushResult> Ended = new(new FlushResult(isCanceled: false, isCompleted: true));
    private byte[]? _discard;
    private volatile bool _dropped;

    /// <summary>Puts the guard between the hub and the transport of every connection; <paramref name="limit"/> is the transport's pause threshold.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(long limit, ParleyMetrics metrics, ILogger log) => next => connection =>
    {
        var transport = connection.Transport;
        connection.Transport = new Duplex(transport.Input, new BoundedOutput(transport.Output, connection, limit, metrics, log));
        return next(connection);
    };

    // SignalR flushes once per hub message it writes, so a flush is one hub message (one frame) to this connection.
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_dropped) return Ended;
        metrics.HubMessageSent();
        var size = inner.CanGetUnflushedBytes ? inner.UnflushedBytes : 0;
        var flush = inner.FlushAsync(cancellationToken);
        if (flush.IsCompleted) return flush;
        // SignalR writes nothing else to this connection until this flush ends, so waiting holds only this client.
        if (size * 2 >= limit) return WithinGraceAsync(flush);
        Drop();
        _ = Observe(flush);
        return Ended;
    }

    private async ValueTask<FlushResult> WithinGraceAsync(ValueTask<FlushResult> flush)
    {
        var pending = flush.AsTask();
        try { return await pending.WaitAsync(LargeMessageGrace); }
        catch (TimeoutException)
        {
            Drop();
            _ = Observe(new ValueTask<FlushResult>(pending));
            return await Ended;
        }
    }

    private void Drop()
    {
        _dropped = true;
        log.LogInformation("Dropped hub connection {Connection}: its client fell too far behind (it catches up when it reconnects)", connection.ConnectionId);
        connection.Abort(new ConnectionAbortedException("The client fell too far behind."));
    }

    private static async Task Observe(ValueTask<FlushResult> flush)
    {
        try { await flush; }
        catch (Exception) { /* the connection is gone; nothing to tell anyone */ }
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _dropped ? Discard(sizeHint) : inner.GetMemory(sizeHint);
    public override Span<byte> GetSpan(int sizeHint = 0) => _dropped ? Discard(sizeHint).Span : inner.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        if (!_dropped) inner.Advance(bytes);
    }

    private Memory<byte> Discard(int sizeHint)
    {
        if (_discard is null || _discard.Length < sizeHint) _discard = new byte[Math.Max(sizeHint, 4096)];
        return _discard;
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();
    public override void Complete(Exception? exception = null) => inner.Complete(exception);
    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    public override bool CanGetUnflushedBytes => !_dropped && inner.CanGetUnflushedBytes;
    public override long UnflushedBytes => _dropped ? 0 : inner.UnflushedBytes;

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
