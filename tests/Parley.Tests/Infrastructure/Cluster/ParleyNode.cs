using System.Net;
using System.Net.Sockets;

namespace Parley.Tests.Infrastructure.Cluster;

/// <summary>
/// One Parley node as a real process: the server built next to this test assembly (the project reference copies it
/// here), on its own loopback port and folder, configured through environment variables like a deployed node.
/// Started again after a kill, it keeps its port, folder and log.
/// </summary>
public sealed class ParleyNode
{
    // Several nodes JIT-compiling at once on a small, busy machine take a while (test.sh runs this suite niced beside the
    // browser tests: seen over 60 s).
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "Parley.Server.dll");
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly OrphanGuard _guard;
    private LoggedProcess? _process;

    public ParleyNode(string name, string dir, IReadOnlyDictionary<string, string?> environment, OrphanGuard guard)
    {
        Name = name;
        Dir = dir;
        Port = LoopbackPorts.Free();
        _guard = guard;
        _environment = new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}", ["Parley__Node__Name"] = name };
        Directory.CreateDirectory(dir);
    }

    public string Name { get; }
    public string Dir { get; }
    public int Port { get; }
    public Uri Address => new($"http://127.0.0.1:{Port}/");
    public string LogFile => Path.Combine(Dir, "node.log");
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the process and waits until it answers /healthz (it migrates the database first).</summary>
    public async Task StartAsync()
    {
        if (IsRunning) return;
        File.AppendAllText(LogFile, $"==== test: starting {Name} at {DateTime.Now:HH:mm:ss.fff}{Environment.NewLine}");
        _process = LoggedProcess.Start(Name, "dotnet", [ServerDll, "--contentRoot=" + AppContext.BaseDirectory], Dir, _environment, LogFile, _guard);
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartLimit;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting:\n{Tail()}");
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} did not answer /healthz within {StartLimit.TotalSeconds} s:\n{Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: the node dies mid-whatever, its sockets cut, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        Note("SIGKILL");
        await _process.KillAsync();
        _process = null;
    }

    /// <summary>SIGTERM and wait for the node to exit by itself (a rolling restart's stop).</summary>
    public async Task TerminateAsync()
    {
        if (_process is null) return;
        Note("SIGTERM");
        await _process.TerminateAsync(TimeSpan.FromSeconds(30));
        Note($"exited with {_process.ExitCode}");
        _process = null;
    }

    private void Note(string what) => File.AppendAllText(LogFile, $"==== test: {what} {Name} at {DateTime.Now:HH:mm:ss.fff}{Environment.NewLine}");

    /// <summary>Every line the node has written so far (all its runs).</summary>
    public IReadOnlyList<string> LogLines()
    {
        try { return File.ReadAllLines(LogFile); } catch (FileNotFoundException) { return []; }
    }

    /// <summary>Waits until the node has written this many lines matching (a marker: "Redis … is reachable again").</summary>
    public async Task WaitForLogAsync(Func<string, bool> match, int count, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (LogLines().Count(match) < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} did not log the expected line {count} times within {limit.TotalSeconds} s:\n{Tail()}");
            await Task.Delay(100);
        }
    }

    public string Tail(int lines = 40) => string.Join(Environment.NewLine, LogLines().TakeLast(lines));
}
