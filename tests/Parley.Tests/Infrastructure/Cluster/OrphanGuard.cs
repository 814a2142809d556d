using System.Diagnostics;

namespace Parley.Tests.Infrastructure.Cluster;

/// <summary>
/// Kills a cluster's processes if the test process dies without disposing it (a crash, a killed test host): a shell
/// watches the test's pid and, once it is gone, kills every pid listed in the cluster's pid folder. Disposing ends the
/// watch (the processes themselves are stopped by their owners first).
/// </summary>
public sealed class OrphanGuard : IDisposable
{
    private readonly string _pids;
    private readonly Process _watcher;

    public OrphanGuard(string dir)
    {
        _pids = Path.Combine(dir, "pids");
        Directory.CreateDirectory(_pids);
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null && [ -d '{_pids}' ]; do sleep 1; done; "
                     + $"for f in '{_pids}'/*; do [ -f \"$f\" ] && kill -9 $(cat \"$f\") 2>/dev/null; done";
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        _watcher = Process.Start(info)!;
    }

    public void Watch(string name, int pid) => File.WriteAllText(Path.Combine(_pids, name), pid.ToString());

    public void Forget(string name) => File.Delete(Path.Combine(_pids, name));

    public void Dispose()
    {
        try { Directory.Delete(_pids, recursive: true); } catch (IOException) { }
        try { _watcher.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _watcher.Dispose();
    }
}
