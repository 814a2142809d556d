using System.Buffers;
using System.Buffers.Text;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace Parley.Bench.Clients;

/// <summary>
/// A small SignalR client (JSON hub protocol over a WebSocket, negotiation skipped) for Parley's hub: invokes
/// SendMessage and reads MessageCreated and MessagesCreated (several messages of one room in one frame) events with
/// Utf8JsonReader, never building a document. Each message of a MessagesCreated is a delivery of its own.
/// </summary>
public sealed class SignalRClient : WsClient, IChatConnection
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private readonly Func<Guid, int> _roomIndex;
    private readonly Func<int, Guid> _roomId;
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PendingCalls _pending = new();

    public Receiver Receiver { get; }

    public SignalRClient(Receiver receiver, Func<Guid, int> roomIndex, Func<int, Guid> roomId)
    {
        Receiver = receiver;
        _roomIndex = roomIndex;
        _roomId = roomId;
    }

    /// <summary>A connected client, or the reason it could not connect (nothing left open).</summary>
    /// <param name="credentials">The hub URL's query: <c>access_token=…</c> or a connect ticket's <c>ticket=…</c>.</param>
    public static async Task<SignalRClient> OpenAsync(Uri baseUri, string credentials, HttpMessageInvoker invoker, Receiver receiver,
        Func<Guid, int> roomIndex, Func<int, Guid> roomId, CancellationToken ct)
    {
        var client = new SignalRClient(receiver, roomIndex, roomId);
        try
        {
            await client.ConnectAsync(baseUri, credentials, invoker, ct);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async Task ConnectAsync(Uri baseUri, string credentials, HttpMessageInvoker invoker, CancellationToken ct)
    {
        var ws = new UriBuilder(baseUri) { Scheme = baseUri.Scheme == "https" ? "wss" : "ws", Path = "/hubs/chat", Query = credentials };
        await OpenAsync(ws.Uri, invoker, ct);
        await SendTextAsync(Handshake);
        await _handshake.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    /// <summary>Keeps an idle connection alive (the server drops clients silent for 30 s).</summary>
    public Task PingAsync() => SendTextAsync(Ping);

    public Task SendAsync(int room, string clientId, string text) => InvokeAsync("SendMessage", _roomId(room), clientId, text);

    /// <summary>Sync for one room from a rev: the messages come back in the completion (used by the catch-up workload).</summary>
    public Task SyncAsync(int room, long sinceRev) =>
        InvokeRawAsync($"\"Sync\",\"arguments\":[{{\"{_roomId(room)}\":{sinceRev}}}]");

    private Task InvokeAsync(string target, Guid roomId, string clientId, string text) =>
        InvokeRawAsync($"\"{target}\",\"arguments\":[\"{roomId}\",{{\"clientMessageId\":\"{clientId}\",\"text\":\"{text}\"}}]");

    private Task InvokeRawAsync(string targetAndArguments)
    {
        var (id, answer) = _pending.Start();
        var json = $"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":{targetAndArguments}}}\u001e";
        _ = SendTextAsync(Encoding.UTF8.GetBytes(json))
            .ContinueWith(t => { if (t.IsFaulted) _pending.Complete(id, t.Exception!.InnerException!.Message); }, TaskScheduler.Default);
        return answer;
    }

    protected override void OnText(ReadOnlySpan<byte> message)
    {
        while (message.Length > 0)
        {
            var end = message.IndexOf(RecordSeparator);
            if (end < 0) return;
            var record = message[..end];
            message = message[(end + 1)..];
            if (!_handshake.Task.IsCompleted)
            {
                if (record.IndexOf("\"error\""u8) >= 0) _handshake.TrySetException(new ServerRefused(Encoding.UTF8.GetString(record)));
                else _handshake.TrySetResult();
                continue;
            }
            Handle(record);
        }
    }

    private void Handle(ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record);
        reader.Read(); // {
        var type = 0;
        long invocation = 0;
        var messageCreated = false;
        var messagesCreated = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { reader.Read(); type = reader.GetInt32(); }
            else if (reader.ValueTextEquals("invocationId"u8)) { reader.Read(); Utf8Parser.TryParse(reader.ValueSpan, out invocation, out _); }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                messageCreated = reader.ValueTextEquals("MessageCreated"u8);
                messagesCreated = reader.ValueTextEquals("MessagesCreated"u8);
            }
            else if (reader.ValueTextEquals("arguments"u8) && messageCreated)
            {
                reader.Read(); // [
                reader.Read(); // {
                ReadMessage(ref reader);
                return;
            }
            else if (reader.ValueTextEquals("arguments"u8) && messagesCreated)
            {
                reader.Read(); // [
                reader.Read(); // [ the messages, in seq order
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject) ReadMessage(ref reader);
                return;
            }
            else if (reader.ValueTextEquals("error"u8) && type == 3)
            {
                reader.Read();
                _pending.Complete(invocation, reader.GetString() ?? "error");
                return;
            }
            else { reader.Read(); reader.Skip(); }
        }
        if (type == 3) _pending.Complete(invocation, null);
    }

    private void ReadMessage(ref Utf8JsonReader reader)
    {
        Guid room = default;
        long seq = 0, sent = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("roomId"u8)) { reader.Read(); Utf8Parser.TryParse(reader.ValueSpan, out room, out _); }
            else if (reader.ValueTextEquals("seq"u8)) { reader.Read(); seq = reader.GetInt64(); }
            else if (reader.ValueTextEquals("text"u8)) { reader.Read(); sent = PayloadText.SentTimestamp(reader.ValueSpan); }
            else { reader.Read(); reader.Skip(); }
        }
        Receiver.Message(_roomIndex(room), seq, sent);
    }

    protected override void OnClosed(Exception? error)
    {
        _handshake.TrySetException(new ServerRefused("closed during the handshake"));
        _pending.FailAll("connection closed" + (error is null ? "" : ": " + error.Message));
    }
}

/// <summary>Message text as the load generator writes it: "&lt;Stopwatch timestamp&gt; &lt;padding&gt;".</summary>
public static class PayloadText
{
    public static string Make(long timestamp, int size)
    {
        var head = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ";
        return size <= head.Length ? head.TrimEnd() : head + new string('x', size - head.Length);
    }

    public static long SentTimestamp(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out long value, out var used) && used > 0 && (used == text.Length || text[used] == (byte)' ') ? value : 0;
}
