using System.Diagnostics;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own (Debian's binaries, a temp data folder, a Unix socket), so the test can stop
/// and start it like an outage without touching the suite's shared server.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _dir;
    private readonly int _port;
    private readonly string _bin;

    private ThrowawayPostgres(string dir, int port, string bin)
    {
        _dir = dir;
        _port = port;
        _bin = bin;
    }

    public string ConnectionString => $"Host={_dir};Port={_port};Username=postgres;Database=postgres;Timeout=3";

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).OrderDescending().First();
        var dir = Path.Combine(Path.GetTempPath(), "parley-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        if (Environment.UserName == "root") await RunAsync("chown", "postgres", dir);
        var pg = new ThrowawayPostgres(dir, 55000 + Random.Shared.Next(5000), bin);
        await pg.AsPostgresAsync("initdb", "-D", Path.Combine(dir, "data"), "-U", "postgres", "--auth=trust", "--locale=C", "--lc-ctype=C.UTF-8", "-E", "UTF8");
        await pg.StartServerAsync();
        return pg;
    }

    public Task StartServerAsync() => AsPostgresAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "log"), "-w",
        "-o", $"-k {_dir} -p {_port} -c listen_addresses='' -c fsync=off", "start");

    public Task StopServerAsync() => AsPostgresAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "stop");

    private Task AsPostgresAsync(string tool, params string[] args) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
        : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await err}{await output}");
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopServerAsync(); } catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
