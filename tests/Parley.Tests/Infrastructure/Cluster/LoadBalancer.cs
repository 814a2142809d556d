using System.Net;
using System.Text.RegularExpressions;

namespace Parley.Tests.Infrastructure.Cluster;

/// <summary>
/// Debian's HAProxy in front of the nodes, running the repository's deploy/haproxy.cfg with only its <c>bind</c> line and
/// its <c>server</c> lines rewritten for this cluster's private loopback ports: what is tested is what operators deploy.
/// </summary>
public sealed partial class LoadBalancer
{
    public const string StickinessCookie = "PARLEY_NODE";
    private const string Haproxy = "/usr/sbin/haproxy";
    private readonly string _dir;
    private readonly LoggedProcess _process;

    private LoadBalancer(string dir, int port, LoggedProcess process)
    {
        _dir = dir;
        Port = port;
        _process = process;
    }

    public int Port { get; }
    public Uri Address => new($"http://127.0.0.1:{Port}/");
    public string LogFile => Path.Combine(_dir, "haproxy.log");

    public static async Task<LoadBalancer> StartAsync(string dir, IReadOnlyList<ParleyNode> nodes, OrphanGuard guard)
    {
        Directory.CreateDirectory(dir);
        var port = LoopbackPorts.Free();
        var config = Path.Combine(dir, "haproxy.cfg");
        await File.WriteAllTextAsync(config, Rewrite(await File.ReadAllTextAsync(DeployedConfig()), port, nodes.Select(n => (n.Name, n.Port))));
        // -n: the file's maxconn wants two descriptors per connection, more than the open-files limit may allow here (as
        // deploy/local-cluster.sh does); a test needs a few dozen. -db: stay in the foreground, the test owns the process.
        // The file is checked first, so a bad rewrite fails clearly.
        string[] limit = ["-n", "1000", "-f", config];
        var check = LoggedProcess.Start("haproxy-check", Haproxy, ["-c", "-q", .. limit], dir, new Dictionary<string, string?>(), Path.Combine(dir, "haproxy.log"), guard);
        await check.WaitForExitAsync(TimeSpan.FromSeconds(10));
        if (check.ExitCode != 0) throw new InvalidOperationException("haproxy rejected the rewritten configuration:\n" + await File.ReadAllTextAsync(Path.Combine(dir, "haproxy.log")));
        var process = LoggedProcess.Start("haproxy", Haproxy, ["-db", .. limit], dir, new Dictionary<string, string?>(), Path.Combine(dir, "haproxy.log"), guard);
        var lb = new LoadBalancer(dir, port, process);
        await lb.WaitForListenerAsync();
        return lb;
    }

    /// <summary>The deployed file with this cluster's bind address and its server lines for each node and its spare.</summary>
    public static string Rewrite(string deployed, int port, IEnumerable<(string Name, int Port)> servers)
    {
        var lines = deployed.Split('\n').ToList();
        var bind = lines.FindIndex(l => BindLine().IsMatch(l));
        var firstServer = lines.FindIndex(l => ServerLine().IsMatch(l));
        if (bind < 0 || firstServer < 0) throw new InvalidOperationException("deploy/haproxy.cfg has no bind or server line to rewrite");
        var indent = lines[firstServer][..(lines[firstServer].Length - lines[firstServer].TrimStart().Length)];
        lines[bind] = BindLine().Replace(lines[bind], m => $"{m.Groups[1].Value}127.0.0.1:{port}");
        lines.RemoveAll(l => ServerLine().IsMatch(l));
        var nodes = servers.ToList();
        lines.InsertRange(firstServer, nodes.Select(s => $"{indent}server {s.Name} 127.0.0.1:{s.Port} cookie {s.Name}")
            .Concat(nodes.Select(s => $"{indent}server {s.Name}-spare 127.0.0.1:{s.Port} cookie {s.Name}-spare backup no-check")));
        return string.Join('\n', lines);
    }

    /// <summary>
    /// Whether HAProxy currently sends this node's sticky clients to it: with a cookie naming a node it holds up, it
    /// answers without a new cookie; for a node it holds down, it picks another and sets that one's cookie.
    /// </summary>
    public async Task<bool> RoutesToAsync(string node)
    {
        using var handler = new HttpClientHandler { UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("Cookie", $"{StickinessCookie}={node}");
        try
        {
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK && !response.Headers.Contains("Set-Cookie");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
    }

    /// <summary>Waits until HAProxy's health checks have brought these nodes in (they start out down or come back).</summary>
    public async Task WaitUntilRoutingAsync(IEnumerable<ParleyNode> nodes, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        foreach (var node in nodes)
            while (!await RoutesToAsync(node.Name))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"HAProxy did not route to {node.Name} within {limit.TotalSeconds} s");
                await Task.Delay(200);
            }
    }

    private async Task WaitForListenerAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 100; i++)
        {
            if (_process.HasExited) break;
            try
            {
                await http.GetAsync("/healthz"); // any answer, 503 included: it listens
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { await Task.Delay(50); }
        }
        throw new InvalidOperationException("haproxy did not start:\n" + Tail());
    }

    public string Tail(int lines = 20)
    {
        try { return string.Join(Environment.NewLine, File.ReadAllLines(LogFile).TakeLast(lines)); }
        catch (FileNotFoundException) { return ""; }
    }

    public async Task StopAsync() => await _process.KillAsync();

    private static string DeployedConfig()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Repository root not found."), "deploy", "haproxy.cfg");
    }

    [GeneratedRegex(@"^(\s*bind\s+)\S+")]
    private static partial Regex BindLine();

    [GeneratedRegex(@"^\s*server\s")]
    private static partial Regex ServerLine();
}
