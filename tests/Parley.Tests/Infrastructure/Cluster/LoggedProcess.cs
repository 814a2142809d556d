using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Parley.Tests.Infrastructure.Cluster;

/// <summary>
/// A process a cluster test started: its stdout and stderr appended to a log file by the shell that execs it (so the log
/// keeps filling even if the test process dies), its pid handed to the <see cref="OrphanGuard"/> while it runs.
/// </summary>
public sealed class LoggedProcess
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly string _name;
    private readonly OrphanGuard _guard;

    private LoggedProcess(Process process, string name, OrphanGuard guard)
    {
        _process = process;
        _name = name;
        _guard = guard;
    }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static LoggedProcess Start(string name, string file, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, string logFile, OrphanGuard guard)
    {
        // exec: the pid is the program's own, so signals reach it and not a shell.
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$PARLEY_TEST_LOG\" 2>&1");
        info.ArgumentList.Add(file);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        info.Environment["PARLEY_TEST_LOG"] = logFile;
        var process = Process.Start(info)!;
        guard.Watch(name, process.Id);
        return new LoggedProcess(process, name, guard);
    }

    /// <summary>SIGKILL, like a crash or a pulled plug: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        try { _process.Kill(); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _guard.Forget(_name);
    }

    /// <summary>SIGTERM, as systemd stops a service, and waits for the process to exit by itself.</summary>
    public async Task TerminateAsync(TimeSpan limit)
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} failed");
        try { await _process.WaitForExitAsync().WaitAsync(limit); }
        catch (TimeoutException)
        {
            await KillAsync();
            throw new TimeoutException($"{_name} did not exit within {limit.TotalSeconds} s of SIGTERM");
        }
        _guard.Forget(_name);
    }

    public async Task WaitForExitAsync(TimeSpan limit)
    {
        await _process.WaitForExitAsync().WaitAsync(limit);
        _guard.Forget(_name);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
