using System.Globalization;

namespace Parley.Bench.Measure;

/// <summary>
/// CPU time and memory of the server's processes, read from /proc (Linux): one process, or several summed (the nodes
/// of a cluster and its redis-server), so "server CPU" is the whole server side whatever its shape.
/// </summary>
public sealed class ProcessStats(IReadOnlyList<int> pids, bool withChildren = false)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    public IReadOnlyList<int> Pids => pids;

    /// <summary>"1234" or "1234,5678" (--server-pid); null when none given.</summary>
    public static ProcessStats? Parse(string list, bool withChildren = false)
    {
        var pids = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Where(p => p > 0).ToArray();
        return pids.Length == 0 ? null : new ProcessStats(pids, withChildren);
    }

    /// <summary>
    /// User plus system CPU seconds the processes (and their reaped children) have used so far; withChildren adds the
    /// live children too (PostgreSQL's backends are children of the postmaster).
    /// </summary>
    public double CpuSeconds()
    {
        var ticks = 0L;
        foreach (var pid in pids)
        {
            ticks += Ticks(pid);
            if (withChildren) foreach (var child in ChildrenOf(pid)) ticks += Ticks(child);
        }
        return ticks / ClockTicksPerSecond;
    }

    /// <summary>
    /// Bytes the processes (and, with withChildren, their live children) have sent to storage so far (write_bytes in
    /// /proc/pid/io): a database's WAL and page writes, counted when written, whatever the cache does later.
    /// </summary>
    public long WrittenBytes()
    {
        var bytes = 0L;
        foreach (var pid in pids)
        {
            bytes += Written(pid);
            if (withChildren) foreach (var child in ChildrenOf(pid)) bytes += Written(child);
        }
        return bytes;
    }

    private static long Written(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/io"))
                if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                    return long.Parse(line["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // ended, or not ours to read
        return 0;
    }

    /// <summary>Resident memory now, in bytes (summed).</summary>
    public long RssBytes() => pids.Sum(p => StatusKb(p, "VmRSS:")) * 1024;

    /// <summary>Peak resident memory since each process started, in bytes (the peaks summed).</summary>
    public long PeakRssBytes() => pids.Sum(p => StatusKb(p, "VmHWM:")) * 1024;

    private static long Ticks(int pid)
    {
        var fields = StatFields(pid);
        if (fields is null) return 0; // a child that ended between the listing and the read: its time is in the parent's now
        long F(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture); // n as numbered in proc(5)
        return F(14) + F(15) + F(16) + F(17);
    }

    private static string[]? StatFields(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        // Fields after the command name (which may hold spaces) start after the last ')'.
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && StatFields(pid) is { } f
                && int.Parse(f[4 - 3], CultureInfo.InvariantCulture) == parent)
                yield return pid;
    }

    private static long StatusKb(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }
}
