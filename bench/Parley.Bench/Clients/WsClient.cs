using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Parley.Bench.Clients;

/// <summary>
/// One WebSocket connection with a receive loop that hands whole text messages to the protocol, and serialized sends
/// (a WebSocket allows one send at a time). Connections can be spread over several loopback source addresses so
/// tens of thousands of them don't run out of ephemeral ports.
/// </summary>
public abstract class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _ws = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task? _loop;

    public bool IsOpen => _ws.State == WebSocketState.Open;
    public Task Completion => _loop ?? Task.CompletedTask;

    /// <summary>An HTTP invoker whose sockets bind to the given loopback source address (127.0.0.x).</summary>
    public static HttpMessageInvoker InvokerFrom(IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (ctx, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(ctx.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch { socket.Dispose(); throw; }
        },
    });

    protected async Task OpenAsync(Uri uri, HttpMessageInvoker invoker, CancellationToken ct)
    {
        _ws.Options.KeepAliveInterval = TimeSpan.Zero; // the protocols ping on their own
        await _ws.ConnectAsync(uri, invoker, ct);
        _loop = Task.Run(ReceiveLoopAsync);
    }

    protected async Task SendTextAsync(ReadOnlyMemory<byte> utf8)
    {
        await _sendLock.WaitAsync();
        try { await _ws.SendAsync(utf8, WebSocketMessageType.Text, true, CancellationToken.None); }
        finally { _sendLock.Release(); }
    }

    /// <summary>One whole text message from the server.</summary>
    protected abstract void OnText(ReadOnlySpan<byte> message);

    protected virtual void OnClosed(Exception? error) { }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        Exception? error = null;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var r = await _ws.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) break;
                length += r.Count;
                if (!r.EndOfMessage) continue;
                OnText(buffer.AsSpan(0, length));
                length = 0;
            }
        }
        catch (Exception e) { error = e; }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            OnClosed(error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_ws.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
        }
        catch { }
        _ws.Abort();
        _ws.Dispose();
        GC.SuppressFinalize(this);
    }
}
