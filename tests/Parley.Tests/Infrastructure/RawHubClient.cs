using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A hand-written SignalR client speaking the JSON hub protocol over any of the three transports. Only for what the
/// official client can't express: malformed and oversize frames, and the WebSocket close status. Every other test
/// uses <see cref="HubClient"/>. It also sees the frames exactly as sent (<see cref="RecordedEvents.Frames"/>).
/// </summary>
public sealed class RawHubClient : RecordedEvents, IAsyncDisposable
{
    private const char RS = '\u001e';
    public const string HubPath = HubClient.HubPath;

    private readonly Uri _base;
    private readonly string _token;
    private readonly Transport _transport;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _cts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string?> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _buffer = new();
    // WebSocket reads may end inside a character: the decoder keeps its first bytes for the next read.
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private ClientWebSocket? _ws;
    private string _connectionToken = "";
    private int _nextId;

    /// <summary>Completes when the server closes the connection, with its close error if any.</summary>
    public Task<string?> Closed => _closed.Task;
    public bool IsClosed => _closed.Task.IsCompleted;
    /// <summary>The WebSocket close code the server sent (null: no close frame, or not a WebSocket).</summary>
    public WebSocketCloseStatus? CloseStatus => _ws?.CloseStatus;

    private RawHubClient(Uri baseUri, string token, Transport transport)
    {
        // Calls still waiting when the connection ends fail at once rather than at their timeout.
        _closed.Task.ContinueWith(t =>
        {
            foreach (var id in _pending.Keys)
                if (_pending.TryRemove(id, out var waiting)) waiting.TrySetException(new HubError("Connection closed: " + t.Result));
        }, TaskScheduler.Default);
        _base = baseUri;
        _token = token;
        _transport = transport;
        _http = new HttpClient { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public static async Task<RawHubClient> ConnectAsync(Uri baseUri, string token, Transport transport = Transport.WebSockets, string? origin = null)
    {
        var client = new RawHubClient(baseUri, token, transport);
        try
        {
            await client.StartAsync(origin);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(string? origin)
    {
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, $"{HubPath}/negotiate?negotiateVersion=1");
        if (origin is not null) negotiate.Headers.Add("Origin", origin);
        var res = await _http.SendAsync(negotiate);
        if (!res.IsSuccessStatusCode) throw new HubConnectRefused(res.StatusCode);
        using (var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync()))
            _connectionToken = doc.RootElement.GetProperty("connectionToken").GetString()!;

        var query = $"{HubPath}?id={Uri.EscapeDataString(_connectionToken)}";
        switch (_transport)
        {
            case Transport.WebSockets:
                _ws = new ClientWebSocket();
                _ws.Options.CollectHttpResponseDetails = true; // else HttpStatusCode stays 0 on a refused handshake
                if (origin is not null) _ws.Options.SetRequestHeader("Origin", origin);
                var ws = new UriBuilder(_base) { Scheme = _base.Scheme == "https" ? "wss" : "ws" }.Uri;
                try
                {
                    await _ws.ConnectAsync(new Uri(ws, $"{query}&access_token={Uri.EscapeDataString(_token)}"), _cts.Token);
                }
                catch (WebSocketException) when (_ws.HttpStatusCode != 0)
                {
                    throw new HubConnectRefused(_ws.HttpStatusCode);
                }
                _ = Task.Run(ReceiveWebSocketAsync);
                break;
            case Transport.ServerSentEvents:
                var sse = new HttpRequestMessage(HttpMethod.Get, $"{query}&access_token={Uri.EscapeDataString(_token)}");
                sse.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (origin is not null) sse.Headers.Add("Origin", origin);
                var stream = await _http.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead, _cts.Token);
                if (!stream.IsSuccessStatusCode) throw new HubConnectRefused(stream.StatusCode);
                _ = Task.Run(() => ReceiveSseAsync(stream));
                break;
            case Transport.LongPolling:
                _ = Task.Run(() => PollAsync(query));
                break;
        }

        await SendFrameAsync("""{"protocol":"json","version":1}""");
        var error = await _handshake.Task.WaitAsync(TimeSpan.FromSeconds(15));
        if (error is not null) throw new HubError("Handshake refused: " + error);
        // Invocations run only after OnConnectedAsync has put the connection in its groups: one round trip proves it,
        // as it does for a real client that calls Sync right after connecting.
        await InvokeAsync("Sync", new Dictionary<string, long>());
    }

    // ---- receiving ----

    private async Task ReceiveWebSocketAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (_ws!.State == WebSocketState.Open)
            {
                var r = await _ws.ReceiveAsync(buffer, _cts.Token);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    // Answer the close as browsers do, so the server isn't left waiting for it.
                    try { await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2)); }
                    catch (Exception) { }
                    break;
                }
                var chars = new char[_utf8.GetCharCount(buffer, 0, r.Count)];
                _utf8.GetChars(buffer, 0, r.Count, chars, 0);
                Feed(new string(chars));
            }
        }
        catch (Exception) { }
        _closed.TrySetResult(null);
    }

    private async Task ReceiveSseAsync(HttpResponseMessage response)
    {
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_cts.Token));
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_cts.Token) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line.AsSpan(6));
                else if (line.Length == 0 && data.Length > 0)
                {
                    Feed(data.ToString());
                    data.Clear();
                }
            }
        }
        catch (Exception) { }
        _closed.TrySetResult(null);
    }

    private async Task PollAsync(string query)
    {
        try
        {
            while (!_cts.IsCancellationRequested)
            {
                var res = await _http.GetAsync(query, _cts.Token);
                if (res.StatusCode == HttpStatusCode.NoContent || !res.IsSuccessStatusCode) break;
                var body = await res.Content.ReadAsStringAsync(_cts.Token);
                if (body.Length > 0) Feed(body);
            }
        }
        catch (Exception) { }
        _closed.TrySetResult(null);
    }

    private void Feed(string text)
    {
        lock (_buffer)
        {
            _buffer.Append(text);
            int end;
            while ((end = _buffer.ToString().IndexOf(RS)) >= 0)
            {
                var frame = _buffer.ToString(0, end);
                _buffer.Remove(0, end + 1);
                Handle(frame);
            }
        }
    }

    private void Handle(string frame)
    {
        using var doc = JsonDocument.Parse(frame);
        var root = doc.RootElement.Clone();
        if (!_handshake.Task.IsCompleted)
        {
            _handshake.TrySetResult(root.TryGetProperty("error", out var he) ? he.GetString() : null);
            return;
        }
        switch (root.GetProperty("type").GetInt32())
        {
            case 1: // invocation: an event
                var target = root.GetProperty("target").GetString()!;
                var args = root.GetProperty("arguments");
                Record(target, args.GetArrayLength() > 0 ? args[0] : default);
                break;
            case 3: // completion
                if (_pending.TryRemove(root.GetProperty("invocationId").GetString()!, out var tcs))
                {
                    if (root.TryGetProperty("error", out var err)) tcs.TrySetException(new HubError(err.GetString()!));
                    else tcs.TrySetResult(root.TryGetProperty("result", out var result) ? result : default);
                }
                break;
            case 7: // close
                _closed.TrySetResult(root.TryGetProperty("error", out var ce) ? ce.GetString() : null);
                break;
        }
    }

    // ---- sending ----

    public async Task SendFrameAsync(string json)
    {
        var payload = json + RS;
        if (_transport == Transport.WebSockets)
        {
            // The server closed it (the close is answered, so the socket is done): a closed connection, as on the wire.
            try { await _ws!.SendAsync(Encoding.UTF8.GetBytes(payload), WebSocketMessageType.Text, true, _cts.Token); }
            catch (WebSocketException) when (_ws!.State is not WebSocketState.Open) { throw new HubError("Connection closed"); }
            return;
        }
        var res = await _http.PostAsync($"{HubPath}?id={Uri.EscapeDataString(_connectionToken)}",
            new StringContent(payload, Encoding.UTF8, "text/plain"), _cts.Token);
        if (!res.IsSuccessStatusCode) throw new HubError($"Send failed: {(int)res.StatusCode}");
    }

    /// <summary>Sends raw bytes as one WebSocket text message (for malformed-frame tests).</summary>
    public Task SendRawAsync(string text) =>
        _ws!.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, _cts.Token);

    /// <summary>Invokes a hub method and returns its result; a server-side refusal throws <see cref="HubError"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] args)
    {
        var id = Interlocked.Increment(ref _nextId).ToString();
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        // Closed already: the close handler that fails waiting calls has run.
        if (_closed.Task.IsCompleted && _pending.TryRemove(id, out _)) throw new HubError("Connection closed: " + _closed.Task.Result);
        await SendFrameAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments = args }, ParleyApp.Json));
        return await tcs.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Invokes and expects a refusal; returns its message.</summary>
    public async Task<string> InvokeExpectingErrorAsync(string method, params object?[] args)
    {
        try
        {
            var r = await InvokeAsync(method, args);
            throw new Xunit.Sdk.XunitException($"{method} should have been refused but returned {r}");
        }
        catch (HubError e) { return e.Message; }
    }

    /// <summary>Fire-and-forget invocation (no acknowledgement).</summary>
    public Task SendAsync(string method, params object?[] args) =>
        SendFrameAsync(JsonSerializer.Serialize(new { type = 1, target = method, arguments = args }, ParleyApp.Json));

    /// <summary>Drops the connection without a goodbye, like a network failure.</summary>
    public void Abort()
    {
        _ws?.Abort();
        _cts.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        if (_ws is { State: WebSocketState.Open })
        {
            try { await _ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2)); }
            catch (Exception) { }
        }
        else if (_transport != Transport.WebSockets && _connectionToken.Length > 0)
        {
            try { await _http.DeleteAsync($"{HubPath}?id={Uri.EscapeDataString(_connectionToken)}").WaitAsync(TimeSpan.FromSeconds(2)); }
            catch (Exception) { }
        }
        _cts.Cancel();
        _ws?.Dispose();
        _http.Dispose();
    }
}
