using System.Runtime.InteropServices;

namespace Parley.Server.Infrastructure;

/// <summary>
/// The CPU time the calling OS thread has used so far, where the OS says (Linux: <c>CLOCK_THREAD_CPUTIME_ID</c>).
/// Work that runs synchronously on one thread (SQLite's calls do) is timed by its CPU, which a busy core's other
/// threads don't add to as they do to its wall time.
/// </summary>
public static class ThreadCpuClock
{
    private const int ThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport, not LibraryImport: a blittable struct needs no marshalling code, and the project stays free of unsafe.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);
#pragma warning restore SYSLIB1054

    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>The thread's CPU time so far; null where it can't be read (not Linux, or no such call).</summary>
    public static TimeSpan? Now()
    {
        if (_unavailable) return null;
        try
        {
            if (ClockGetTime(ThreadCpuTimeId, out var t) != 0) return null;
            return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true; // a measurement is never worth failing the work it measures
            return null;
        }
    }
}
