using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A WebSocket hub client that finishes the handshake, proves it joined its rooms (one Sync), then stops reading —
/// with a 4 KiB receive buffer, so what the server sends piles up on the server's side. Written on a bare socket
/// because ClientWebSocket reads on its own.
/// </summary>
public sealed class StalledReader : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private StalledReader(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<StalledReader> ConnectAsync(Uri baseAddress, string accessToken)
    {
        var tcp = new TcpClient { ReceiveBufferSize = 4096 };
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var reader = new StalledReader(tcp);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {HubClient.HubPath}?access_token={Uri.EscapeDataString(accessToken)} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\n" +
                      $"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await reader._stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = await reader.ReadUntilAsync("\r\n\r\n");
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal)) throw new HubError("Upgrade refused: " + head.Split('\r')[0]);
        await reader.SendTextAsync("{\"protocol\":\"json\",\"version\":1}\u001e");
        await reader.ReadUntilAsync("\u001e"); // the handshake answer
        await reader.SendTextAsync("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Sync\",\"arguments\":[{}]}\u001e");
        await reader.ReadUntilAsync("\"invocationId\":\"1\"");
        return reader;
    }

    /// <summary>Reads (and drops) everything until the server closes the connection; false if it is still open at the deadline.</summary>
    public async Task<bool> DrainUntilClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        try
        {
            while (await _stream.ReadAsync(buffer, cts.Token) > 0) { }
            return true;
        }
        catch (OperationCanceledException) { return false; }
        catch (IOException) { return true; } // reset by the server
    }

    private async Task SendTextAsync(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new List<byte> { 0x81 };
        if (payload.Length < 126) frame.Add((byte)(0x80 | payload.Length));
        else { frame.Add(0x80 | 126); frame.Add((byte)(payload.Length >> 8)); frame.Add((byte)payload.Length); }
        frame.AddRange(mask);
        for (var i = 0; i < payload.Length; i++) frame.Add((byte)(payload[i] ^ mask[i % 4]));
        await _stream.WriteAsync(frame.ToArray());
    }

    /// <summary>Reads byte by byte until the marker appears (frames' headers included: good enough for a marker search).</summary>
    private async Task<string> ReadUntilAsync(string marker)
    {
        var seen = new StringBuilder();
        var one = new byte[1];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!seen.ToString().Contains(marker, StringComparison.Ordinal))
        {
            if (await _stream.ReadAsync(one, cts.Token) == 0) throw new HubError("Closed before " + marker);
            seen.Append((char)one[0]);
        }
        return seen.ToString();
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
