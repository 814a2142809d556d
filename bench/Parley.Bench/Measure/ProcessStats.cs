using System.Globalization;

namespace Parley.Bench.Measure;

/// <summary>CPU time and memory of the server process, read from /proc (Linux).</summary>
public sealed class ProcessStats(int pid)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    public int Pid => pid;

    /// <summary>User plus system CPU seconds the process (and its reaped children) has used so far.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long F(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture); // n as numbered in proc(5)
        return (F(14) + F(15) + F(16) + F(17)) / ClockTicksPerSecond;
    }

    /// <summary>Resident memory now, in bytes.</summary>
    public long RssBytes() => StatusKb("VmRSS:") * 1024;

    /// <summary>Peak resident memory since the process started, in bytes.</summary>
    public long PeakRssBytes() => StatusKb("VmHWM:") * 1024;

    private long StatusKb(string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }
}
