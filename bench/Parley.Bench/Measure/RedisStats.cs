using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Parley.Bench.Measure;

/// <summary>
/// What the backplane's redis-server has done so far, from its INFO (cpu, stats, commandstats): taken before and after
/// the measured window, the difference is what Redis cost for the messages sent in it.
/// </summary>
public sealed record RedisStats(double CpuSeconds, long Publishes, long PublishMicros, long NetInputBytes, long NetOutputBytes, long Commands,
    IReadOnlyDictionary<string, long> Calls, long InfoReplyBytes = 0)
{
    /// <summary>What happened between two readings (the earlier reading's own INFO reply left out of the bytes sent).</summary>
    public static RedisStats operator -(RedisStats a, RedisStats b) => new(a.CpuSeconds - b.CpuSeconds, a.Publishes - b.Publishes,
        a.PublishMicros - b.PublishMicros, a.NetInputBytes - b.NetInputBytes, a.NetOutputBytes - b.NetOutputBytes - b.InfoReplyBytes,
        a.Commands - b.Commands - 1, // the earlier INFO
        a.Calls.ToDictionary(c => c.Key, c => c.Value - b.Calls.GetValueOrDefault(c.Key) - (c.Key == "info" ? 1 : 0)));

    /// <summary>Reads INFO over a plain socket ("127.0.0.1:6391"): one inline command, one bulk reply.</summary>
    public static async Task<RedisStats> ReadAsync(string endpoint, CancellationToken ct)
    {
        var (host, port) = (endpoint[..endpoint.LastIndexOf(':')], int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port, ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync("INFO everything\r\n"u8.ToArray(), ct);
        var (text, replyBytes) = await ReadBulkAsync(stream, ct);
        var info = text.Split("\r\n").Where(l => l.Contains(':') && !l.StartsWith('#'))
            .Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1]);
        long L(string key) => info.TryGetValue(key, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : 0;
        double D(string key) => info.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : 0;
        // cmdstat_publish:calls=12,usec=34,usec_per_call=2.83,…
        var commands = info.Where(kv => kv.Key.StartsWith("cmdstat_", StringComparison.Ordinal)).ToDictionary(
            kv => kv.Key["cmdstat_".Length..],
            kv => kv.Value.Split(',').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]));
        long C(string command, string field) =>
            commands.TryGetValue(command, out var f) && f.TryGetValue(field, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : 0;
        return new RedisStats(D("used_cpu_user") + D("used_cpu_sys"), C("publish", "calls"), C("publish", "usec"),
            L("total_net_input_bytes"), L("total_net_output_bytes"), L("total_commands_processed"),
            commands.Keys.ToDictionary(k => k, k => C(k, "calls")), replyBytes);
    }

    private static async Task<(string Text, long Bytes)> ReadBulkAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int? total = null, headerEnd = null;
        while (total is null || buffer.Length < headerEnd + total + 2)
        {
            var n = await stream.ReadAsync(chunk, ct);
            if (n == 0) throw new IOException("redis closed the connection before INFO's reply ended");
            buffer.Write(chunk, 0, n);
            if (total is null && Array.IndexOf(buffer.GetBuffer(), (byte)'\n', 0, (int)buffer.Length) is var nl and > 0)
            {
                var header = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, nl - 1); // "$1234"
                if (header[0] != '$') throw new IOException($"redis answered INFO with {header}");
                total = int.Parse(header[1..], CultureInfo.InvariantCulture);
                headerEnd = nl + 1;
            }
        }
        return (Encoding.UTF8.GetString(buffer.GetBuffer(), headerEnd!.Value, total.Value), buffer.Length);
    }
}
