using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Parley.Server.Calls;

/// <summary>
/// One Janus session: its long-poll loop (which keeps it alive: Janus counts an outstanding poll as a keepalive),
/// the asynchronous answers it matches to their requests by transaction, and the other events it hands to their
/// handle, one at a time and in order, off the poll loop (a handler may itself ask Janus and wait for the answer).
/// </summary>
public sealed class JanusSession : IAsyncDisposable
{
    private readonly JanusClient _client;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _waiting = new();
    private readonly ConcurrentDictionary<long, JanusHandle> _handles = new();
    private readonly Channel<(JanusHandle Handle, JanusReply Reply)> _events = Channel.CreateUnbounded<(JanusHandle, JanusReply)>(new() { SingleReader = true });
    private Task _polling = Task.CompletedTask, _handling = Task.CompletedTask;
    private int _lost;

    internal JanusSession(JanusClient client, long id)
    {
        _client = client;
        Id = id;
        _log = client.Logs.CreateLogger<JanusSession>();
    }

    public long Id { get; }

    /// <summary>Raised once when the session is gone on Janus's side (timed out, Janus restarted or unreachable for good).</summary>
    public event Func<Task>? Lost;

    internal void Start()
    {
        _polling = Task.Run(PollAsync);
        _handling = Task.Run(HandleAsync);
    }

    /// <summary>A VideoRoom handle on this session.</summary>
    public async Task<JanusHandle> AttachAsync(string opaqueId, CancellationToken ct)
    {
        var attached = await _client.PostAsync($"/{Id}", new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom", ["opaque_id"] = opaqueId }, ct);
        var handle = new JanusHandle(this, JanusClient.DataId(attached));
        _handles[handle.Id] = handle;
        return handle;
    }

    /// <summary>
    /// A request on a handle. Janus answers synchronous requests with "success" (returned), asynchronous ones with
    /// "ack" and later an event with the same transaction on the poll (awaited, for <paramref name="answeredByEvent"/>).
    /// </summary>
    internal async Task<JsonElement> RequestAsync(long handleId, JsonObject body, bool answeredByEvent, CancellationToken ct)
    {
        var transaction = JanusClient.NewTransaction();
        body["transaction"] = transaction;
        // Registered first: the event may come back on the poll before the POST's own answer does.
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (answeredByEvent) _waiting[transaction] = answer;
        try
        {
            var posted = await _client.PostAsync($"/{Id}/{handleId}", body, ct);
            if (!answeredByEvent || posted.GetProperty("janus").GetString() != "ack") return posted;
            try { return await answer.Task.WaitAsync(_client.RequestTimeout, ct); }
            catch (TimeoutException e) { throw new JanusException($"Janus didn't answer within {_client.RequestTimeout.TotalSeconds:0} s.", inner: e); }
        }
        finally { _waiting.TryRemove(transaction, out _); }
    }

    internal Task<JsonElement> PostAsync(string path, JsonObject body, CancellationToken ct) => _client.PostAsync(path, body, ct);

    internal void Forget(long handleId) => _handles.TryRemove(handleId, out _);

    private async Task PollAsync()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                foreach (var e in await _client.PollAsync(Id, _stop.Token)) Dispatch(e);
                failures = 0;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
            catch (JanusException e)
            {
                // Janus drops a session after session_timeout (60 s) without a request: past a few failed polls it is gone.
                if (e.SessionGone || ++failures >= 5)
                {
                    _log.LogWarning("Janus session {Session} is lost: {Reason}", Id, e.Message);
                    // Off this loop: whoever hears it disposes the session, which waits for this loop to end.
                    _ = Task.Run(LoseAsync);
                    return;
                }
                try { await Task.Delay(TimeSpan.FromSeconds(failures), _stop.Token); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Dispatch(JsonElement e)
    {
        var kind = e.TryGetProperty("janus", out var k) ? k.GetString() : null;
        if (kind is "keepalive" or "ack") return;
        if (e.TryGetProperty("transaction", out var t) && t.GetString() is { } transaction && _waiting.TryRemove(transaction, out var waiter))
        {
            waiter.TrySetResult(e);
            return;
        }
        if (!e.TryGetProperty("sender", out var s) || !s.TryGetInt64(out var sender) || !_handles.TryGetValue(sender, out var handle)) return;
        // Core events about the handle's PeerConnection (webrtcup, media, hangup, detached) carry no plugin data.
        var reply = JanusReply.From(e) ?? new JanusReply(JsonSerializer.SerializeToElement(new { janus = kind }), null);
        _events.Writer.TryWrite((handle, reply));
    }

    private async Task HandleAsync()
    {
        await foreach (var (handle, reply) in _events.Reader.ReadAllAsync())
        {
            try { await handle.ReceiveAsync(reply); }
            catch (Exception e) { _log.LogWarning(e, "Handling a Janus event on handle {Handle} failed", handle.Id); }
        }
    }

    private async Task LoseAsync()
    {
        if (Interlocked.Exchange(ref _lost, 1) == 1) return;
        foreach (var w in _waiting.Values) w.TrySetException(new JanusException("The Janus session is gone.", 458));
        if (Lost is { } lost)
            try { await lost(); }
            catch (Exception e) { _log.LogWarning(e, "Cleaning up after Janus session {Session} was lost failed", Id); }
    }

    /// <summary>Ends the session on Janus (its handles leave their rooms with it) and stops its loops.</summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _lost, 1); // a session ended on purpose is not "lost"
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        _events.Writer.TryComplete();
        try { await _client.PostAsync($"/{Id}", new JsonObject { ["janus"] = "destroy" }, CancellationToken.None); }
        catch (JanusException) { } // gone already, or Janus is: it times the session out itself
        try { await _polling; } catch (Exception) { }
        foreach (var w in _waiting.Values) w.TrySetCanceled();
    }
}
