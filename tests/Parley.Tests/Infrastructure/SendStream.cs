using System.Collections.Concurrent;
using System.Text.Json;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// Someone sending into a room over and over, each message waiting for its acknowledgement like the web client's
/// outbox: a send cut by a dropped connection, or refused as retryable (unavailable, shutting_down), is sent again with
/// the same clientMessageId once the client is connected. Any other refusal ends the stream with that error.
/// </summary>
public sealed class SendStream
{
    private static readonly TimeSpan PerMessageLimit = TimeSpan.FromSeconds(45);

    public sealed record Ack(string ClientMessageId, Guid Id, long Seq);

    private readonly HeldTimelines _sender;
    private readonly Guid _room;
    private readonly string _prefix;
    private readonly TimeSpan _pause;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Ack> _acked = new();
    private readonly ConcurrentQueue<string> _retried = new();
    private Task _run = Task.CompletedTask;

    private SendStream(HeldTimelines sender, Guid room, string prefix, TimeSpan pause)
    {
        _sender = sender;
        _room = room;
        _prefix = prefix;
        _pause = pause;
    }

    public string Name => _sender.Name;
    public IReadOnlyList<Ack> Acked => _acked.ToList();
    /// <summary>Why sends had to be tried again: "Connection closed: …", "unavailable retryAfter=5: …" and the like.</summary>
    public IReadOnlyList<string> Retried => _retried.ToList();

    /// <summary>Starts sending "prefix-1", "prefix-2" … from this client, with a short pause after each acknowledgement.</summary>
    public static SendStream Start(HeldTimelines sender, Guid room, string prefix, TimeSpan? pause = null)
    {
        var stream = new SendStream(sender, room, prefix, pause ?? TimeSpan.FromMilliseconds(20));
        stream._run = Task.Run(stream.RunAsync);
        return stream;
    }

    /// <summary>Waits until this many more messages have been acknowledged (to act "mid-stream").</summary>
    public async Task WaitForMoreAcksAsync(int more, TimeSpan? limit = null)
    {
        var target = _acked.Count + more;
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (_acked.Count < target)
        {
            if (_run.IsFaulted) await _run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name}: only {_acked.Count} of {target} sends acknowledged; retried: {string.Join(" | ", Retried.TakeLast(3))}");
            await Task.Delay(20);
        }
    }

    /// <summary>Stops after the message in flight is acknowledged; rethrows what ended the stream early.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        await _run.WaitAsync(PerMessageLimit + TimeSpan.FromSeconds(5));
    }

    /// <summary>A failure the client is meant to retry: the connection dropped, the database is out of reach, the node stops.</summary>
    public static bool IsRetryable(HubError e)
    {
        var reason = HubClient.Reason(e.Message);
        return reason.StartsWith("Connection closed", StringComparison.Ordinal) || reason.StartsWith("unavailable", StringComparison.Ordinal)
                                                                                 || reason.StartsWith("shutting_down", StringComparison.Ordinal);
    }

    private async Task RunAsync()
    {
        for (var i = 1; !_stop.IsCancellationRequested; i++)
        {
            var id = $"{_prefix}-{i}";
            var ack = await SendUntilAcknowledgedAsync(id, $"{_prefix} message {i}");
            _acked.Enqueue(new Ack(id, ack.Id(), ack.Seq()));
            _sender.Apply(ack);
            await Task.Delay(_pause);
        }
    }

    private async Task<JsonElement> SendUntilAcknowledgedAsync(string clientMessageId, string text)
    {
        var deadline = DateTime.UtcNow + PerMessageLimit;
        while (true)
        {
            try { return await _sender.Hub.InvokeAsync("SendMessage", _room, TestUserApi.Send(text, clientMessageId)); }
            catch (HubError e) when (IsRetryable(e))
            {
                _retried.Enqueue(HubClient.Reason(e.Message));
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name}: {clientMessageId} not acknowledged within {PerMessageLimit.TotalSeconds} s; last: {e.Message}");
                await _sender.Hub.WaitUntilConnectedAsync(deadline - DateTime.UtcNow);
                await Task.Delay(100); // what Retry-After asks for, shortened: the outage ends while we wait
            }
        }
    }
}
