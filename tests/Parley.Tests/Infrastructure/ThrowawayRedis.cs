using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A Redis server of one test's own (Debian's redis-server on a free loopback port, no persistence, a temp folder), so
/// the test can stop and restart it like an outage on the same port. The process is killed on dispose.
/// </summary>
public sealed class ThrowawayRedis : IAsyncDisposable
{
    private readonly string _dir;
    private readonly int _port;
    private Process? _process;

    private ThrowawayRedis(string dir, int port)
    {
        _dir = dir;
        _port = port;
    }

    public int Port => _port;

    /// <summary>A StackExchange.Redis configuration string; short timeouts so tests of an outage don't wait long.</summary>
    public string ConfigurationString => $"127.0.0.1:{_port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    public static async Task<ThrowawayRedis> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "parley-redis-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var redis = new ThrowawayRedis(dir, LoopbackPorts.Free());
        await redis.StartServerAsync();
        return redis;
    }

    public async Task StartServerAsync()
    {
        if (_process is { HasExited: false }) return;
        var info = new ProcessStartInfo("/usr/bin/redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var a in new[] { "--port", _port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _dir, "--logfile", Path.Combine(_dir, "log") })
            info.ArgumentList.Add(a);
        _process = Process.Start(info)!;
        // Answers PING once it listens; a port taken between FreePort and here shows as an early exit.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}: {Log()}");
            if (await PingsAsync()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"redis-server did not answer on {_port}: {Log()}");
            await Task.Delay(50);
        }
    }

    public async Task StopServerAsync()
    {
        if (_process is null) return;
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _process = null;
    }

    public async Task RestartAsync()
    {
        await StopServerAsync();
        await StartServerAsync();
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, _port).WaitAsync(TimeSpan.FromSeconds(1));
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            return read >= 5 && buffer.AsSpan(0, 5).SequenceEqual("+PONG"u8);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException) { return false; }
    }

    private string Log()
    {
        try { return File.ReadAllText(Path.Combine(_dir, "log")); } catch (IOException) { return ""; }
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopServerAsync(); } catch (Exception e) when (e is InvalidOperationException or TimeoutException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
