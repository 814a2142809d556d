using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Events;
using Parley.Server.Realtime;

namespace Parley.Tests.Infrastructure;

public enum Transport { WebSockets, ServerSentEvents, LongPolling }

/// <summary>A hub call refused by the server (its text, "… HubException: code: reason"), or a call on a closed connection.</summary>
public sealed class HubError(string message) : Exception(message);

public sealed class HubConnectRefused(HttpStatusCode status) : Exception($"Hub connection refused: {(int)status}")
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// A test's hub connection: the official .NET SignalR client on one chosen transport, recording every
/// <see cref="IChatClient"/> event it receives (its argument as JSON) so tests can wait for and inspect them.
/// </summary>
public sealed class HubClient : RecordedEvents, IAsyncDisposable
{
    public const string HubPath = "/hubs/chat";
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(30);
    private static readonly string[] EventNames = typeof(IChatClient).GetMethods().Select(m => m.Name).ToArray();

    private readonly HubConnection _connection;
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _aborted = new();
    private ClientWebSocket? _socket;

    /// <summary>Completes when the connection ends, with the reason the client was given, if any.</summary>
    public Task<string?> Closed => _closed.Task;
    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>
    /// Raised for every event as it is recorded, a <c>MessagesCreated</c> as one <c>MessageCreated</c> per message (on the
    /// connection's receive loop: don't call the hub from it).
    /// </summary>
    public event Action<string, JsonElement>? Received;

    /// <summary>Raised after an automatic reconnect (only with <c>reconnect</c>): the moment to catch up, as the web client does.</summary>
    public event Action? Reconnected;

    public bool IsConnected => _connection.State == HubConnectionState.Connected;
    public int Reconnects => _reconnects;
    private int _reconnects;

    private HubClient(Uri baseUri, string token, Transport transport, string? origin, bool reconnect, CookieContainer? cookies)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, HubPath), TransportType(transport), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (origin is not null) o.Headers["Origin"] = origin;
                if (cookies is not null) o.Cookies = cookies; // a load balancer's stickiness cookie
                // Our own socket, so a refused upgrade shows its status and Abort can drop it like a network failure.
                o.WebSocketFactory = async (context, ct) =>
                {
                    var ws = new ClientWebSocket();
                    ws.Options.CollectHttpResponseDetails = true;
                    ws.Options.SetRequestHeader("Authorization", "Bearer " + token);
                    ws.Options.Cookies = context.Options.Cookies;
                    if (origin is not null) ws.Options.SetRequestHeader("Origin", origin);
                    _socket = ws;
                    using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, _aborted.Token);
                    await ws.ConnectAsync(context.Uri, both.Token);
                    return ws;
                };
                o.HttpMessageHandlerFactory = inner => new AbortableHandler(inner, _aborted.Token);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions = ParleyApp.Json);
        if (reconnect) builder.WithAutomaticReconnect(new ForeverRetry());
        _connection = builder.Build();
        foreach (var name in EventNames)
            _connection.On(name, [typeof(JsonElement)], args =>
            {
                var arg = ((JsonElement)args[0]!).Clone();
                Record(name, arg);
                foreach (var (target, one) in Expand(name, arg)) Received?.Invoke(target, one);
                // Like the web client: a session that ended is not reconnected with credentials that no longer work.
                if (reconnect && name == nameof(IChatClient.SessionEnded)) _ = Task.Run(() => _connection.StopAsync());
                return Task.CompletedTask;
            });
        _connection.Reconnected += _ =>
        {
            Interlocked.Increment(ref _reconnects);
            Reconnected?.Invoke();
            return Task.CompletedTask;
        };
        _connection.Closed += e =>
        {
            _closed.TrySetResult(e?.Message);
            return Task.CompletedTask;
        };
    }

    private static HttpTransportType TransportType(Transport t) => t switch
    {
        Transport.WebSockets => HttpTransportType.WebSockets,
        Transport.ServerSentEvents => HttpTransportType.ServerSentEvents,
        _ => HttpTransportType.LongPolling,
    };

    /// <param name="reconnect">Reconnect forever after a drop, as the web client does (see <see cref="Reconnected"/>).</param>
    /// <param name="cookies">Cookies for every request of the connection (a load balancer's stickiness cookie lives here).</param>
    public static async Task<HubClient> ConnectAsync(Uri baseUri, string token, Transport transport = Transport.WebSockets, string? origin = null,
        bool reconnect = false, CookieContainer? cookies = null)
    {
        var client = new HubClient(baseUri, token, transport, origin, reconnect, cookies);
        try
        {
            try { await client._connection.StartAsync(); }
            catch (Exception e) when (client.RefusalStatus(e) is { } status) { throw new HubConnectRefused(status); }
            // Invocations run only after OnConnectedAsync has put the connection in its groups: one round trip proves it,
            // as it does for a real client that calls Sync right after connecting.
            await client.InvokeAsync("Sync", new Dictionary<string, long>());
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>The HTTP status of a refused negotiate or WebSocket upgrade, wherever the client wrapped it.</summary>
    private HttpStatusCode? RefusalStatus(Exception? e) => e switch
    {
        null => null,
        HttpRequestException { StatusCode: { } status } => status,
        WebSocketException when _socket is { HttpStatusCode: not 0 and not HttpStatusCode.SwitchingProtocols } ws => ws.HttpStatusCode,
        AggregateException all => all.InnerExceptions.Select(RefusalStatus).FirstOrDefault(s => s is not null),
        _ => RefusalStatus(e.InnerException),
    };

    // ---- calls ----

    /// <summary>Invokes a hub method and returns its result; a server-side refusal throws <see cref="HubError"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] args)
    {
        try
        {
            // object: the JSON protocol hands the result over as a JsonElement (null when the method returns nothing).
            var result = await _connection.InvokeCoreAsync(method, typeof(object), args).WaitAsync(CallLimit);
            return result is JsonElement json ? json : default;
        }
        catch (HubException e) { throw new HubError(e.Message); }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or WebSocketException)
        {
            throw new HubError("Connection closed: " + e.Message);
        }
    }

    /// <summary>The server's own words in a hub error ("… HubException: code: reason" → "code: reason").</summary>
    public static string Reason(string error)
    {
        var i = error.IndexOf("HubException: ", StringComparison.Ordinal);
        return i < 0 ? error : error[(i + "HubException: ".Length)..];
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
    public async Task SendAsync(string method, params object?[] args)
    {
        try { await _connection.SendCoreAsync(method, args); }
        catch (Exception e) when (e is IOException or InvalidOperationException or WebSocketException)
        {
            throw new HubError("Connection closed: " + e.Message);
        }
    }

    /// <summary>Waits until the connection is up (again, after a reconnect).</summary>
    public async Task WaitUntilConnectedAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!IsConnected)
        {
            if (IsClosed) throw new HubError("Connection closed for good: " + await Closed);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The hub connection was not back within {limit.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>The web client's reconnect policy (quick first tries, then a capped wait), shortened for tests: it never gives up.</summary>
    private sealed class ForeverRetry : IRetryPolicy
    {
        private static readonly int[] StepsMs = [100, 300, 600];

        public TimeSpan? NextRetryDelay(RetryContext context) =>
            TimeSpan.FromMilliseconds(context.PreviousRetryCount < StepsMs.Length ? StepsMs[context.PreviousRetryCount] : 1000);
    }

    /// <summary>Drops the connection without a goodbye, like a network failure.</summary>
    public void Abort()
    {
        _socket?.Abort();
        _aborted.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        try { await _connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception) { }
        _aborted.Cancel();
        _socket?.Dispose();
    }

    /// <summary>Fails every HTTP request of the connection (SSE stream, polls, sends) once the test aborts it.</summary>
    private sealed class AbortableHandler(HttpMessageHandler inner, CancellationToken aborted) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, aborted);
            var response = await base.SendAsync(request, both.Token);
            aborted.Register(response.Dispose); // an SSE stream or a poll is read after SendAsync returns
            return response;
        }
    }
}
