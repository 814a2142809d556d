using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// Debian's coturn on a free loopback port, taking TURN REST API credentials made with a shared secret
/// (--use-auth-secret), relaying on loopback only; killed on dispose. <see cref="AllocatesAsync"/> asks it for a relay
/// with coturn's own test client, as a browser's ICE agent would.
/// </summary>
public sealed class ThrowawayCoturn : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly string _log;

    private ThrowawayCoturn(Process process, int port, string log)
    {
        _process = process;
        Port = port;
        _log = log;
    }

    public int Port { get; }

    public static async Task<ThrowawayCoturn> StartAsync(string secret)
    {
        var port = LoopbackPorts.Free();
        var relay = LoopbackPorts.Free();
        var log = Path.Combine(Path.GetTempPath(), "parley-coturn-" + Guid.NewGuid().ToString("N")[..8] + ".log");
        var info = new ProcessStartInfo("turnserver") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     "--listening-ip=127.0.0.1", $"--listening-port={port}", "--relay-ip=127.0.0.1", "--allow-loopback-peers",
                     "--use-auth-secret", $"--static-auth-secret={secret}", "--realm=parley.test", "--no-cli", "--no-tls", "--no-dtls",
                     $"--min-port={relay}", $"--max-port={relay + 50}", "-n", $"--log-file={log}", "--simple-log",
                 })
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var coturn = new ThrowawayCoturn(process, port, log);
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"turnserver exited with {process.ExitCode}: {coturn.Log()}");
            if (await ListensAsync(port)) return coturn;
            if (DateTime.UtcNow > deadline)
            {
                await coturn.DisposeAsync();
                throw new TimeoutException($"turnserver did not listen on {port}: {coturn.Log()}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Whether coturn grants a relay (an Allocation) to this username and password.</summary>
    public async Task<bool> AllocatesAsync(string username, string password)
    {
        var info = new ProcessStartInfo("turnutils_uclient") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-y", "-c", "-n", "1", "-m", "1", "-u", username, "-w", password, "-p", Port.ToString(), "127.0.0.1" })
            info.ArgumentList.Add(a);
        using var client = Process.Start(info)!;
        var output = client.StandardOutput.ReadToEndAsync();
        var errors = client.StandardError.ReadToEndAsync();
        try { await client.WaitForExitAsync().WaitAsync(Limit); }
        catch (TimeoutException)
        {
            client.Kill(entireProcessTree: true);
            throw new TimeoutException($"turnutils_uclient did not finish: {await output}{await errors}");
        }
        await Task.WhenAll(output, errors);
        return client.ExitCode == 0;
    }

    private static async Task<bool> ListensAsync(int port)
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException) { return false; }
    }

    private string Log()
    {
        try { return File.ReadAllText(_log); } catch (IOException) { return ""; }
    }

    public async ValueTask DisposeAsync()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
        _process.Dispose();
        try { File.Delete(_log); } catch (IOException) { }
    }
}
