using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Parley.Bench.Clients;

/// <summary>
/// A small Socket.IO v5 client (Engine.IO v4, WebSocket transport only): answers pings, emits with acks, and reads
/// "chat message" events. Rooms are named "room-N".
/// </summary>
public sealed class SocketIoClient(Receiver receiver) : WsClient, IChatConnection
{
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PendingCalls _pending = new();

    public Receiver Receiver { get; } = receiver;

    public static string RoomName(int room) => "room-" + room;

    public async Task ConnectAsync(Uri baseUri, HttpMessageInvoker invoker, CancellationToken ct)
    {
        var ws = new UriBuilder(baseUri) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" };
        await OpenAsync(ws.Uri, invoker, ct);
        await _connected.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    public Task JoinAsync(int room) => EmitAsync($"\"join\",\"{RoomName(room)}\"");

    public Task SendAsync(int room, string clientId, string text) =>
        EmitAsync($"\"chat message\",{{\"room\":\"{RoomName(room)}\",\"clientId\":\"{clientId}\",\"text\":\"{text}\"}}");

    private Task EmitAsync(string arguments)
    {
        var (id, answer) = _pending.Start();
        _ = SendTextAsync(Encoding.UTF8.GetBytes($"42{id}[{arguments}]"))
            .ContinueWith(t => { if (t.IsFaulted) _pending.Complete(id, t.Exception!.InnerException!.Message); }, TaskScheduler.Default);
        return answer;
    }

    protected override void OnText(ReadOnlySpan<byte> m)
    {
        if (m.Length == 0) return;
        switch (m[0])
        {
            case (byte)'0': _ = SendTextAsync("40"u8.ToArray()); return;         // Engine.IO open → connect to "/"
            case (byte)'2': _ = SendTextAsync("3"u8.ToArray()); return;          // ping → pong
            case (byte)'4' when m.Length > 1:
                switch (m[1])
                {
                    case (byte)'0': _connected.TrySetResult(); return;
                    case (byte)'4': _connected.TrySetException(new ServerRefused(Encoding.UTF8.GetString(m))); return;
                    case (byte)'2': OnEvent(m[2..]); return;
                    case (byte)'3':
                        Utf8Parser.TryParse(m[2..], out long id, out var used);
                        var body = m[(2 + used)..];
                        _pending.Complete(id, body.IndexOf("\"error\""u8) >= 0 ? Encoding.UTF8.GetString(body) : null);
                        return;
                }
                return;
        }
    }

    private void OnEvent(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read(); // [
        reader.Read(); // event name
        if (!reader.ValueTextEquals("chat message"u8)) return;
        reader.Read(); // {
        int room = -1;
        long seq = 0, sent = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("room"u8)) { reader.Read(); Utf8Parser.TryParse(reader.ValueSpan["room-".Length..], out room, out _); }
            else if (reader.ValueTextEquals("seq"u8)) { reader.Read(); seq = reader.GetInt64(); }
            else if (reader.ValueTextEquals("text"u8)) { reader.Read(); sent = PayloadText.SentTimestamp(reader.ValueSpan); }
            else { reader.Read(); reader.Skip(); }
        }
        Receiver.Message(room, seq, sent);
    }

    protected override void OnClosed(Exception? error)
    {
        _connected.TrySetException(new ServerRefused("closed before connecting"));
        _pending.FailAll("connection closed" + (error is null ? "" : ": " + error.Message));
    }
}
