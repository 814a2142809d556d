namespace Parley.Server.Realtime;

/// <summary>
/// Gives memory back after many connections close at once (a flood turned away, a network partition healed, a node's
/// clients moving elsewhere). With nothing left to allocate, the GC has no reason to run, so the heap those
/// connections used stays committed: every half minute, once at least half of the peak (and 500 or more) is gone, one
/// compacting collection returns it to the system.
/// </summary>
public sealed class MemoryRelease(ConnectionRegistry connections, TimeProvider clock, ILogger<MemoryRelease> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);
    private const int MinDrop = 500;
    private int _peak;

    /// <summary>Collections this has run (for tests and logs).</summary>
    public int Releases { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Check();
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>One look at the connection count; collects when enough of the peak has gone.</summary>
    public void Check()
    {
        var now = connections.Count;
        if (now > _peak) { _peak = now; return; }
        if (_peak - now < MinDrop || now > _peak / 2) return;
        var before = Environment.WorkingSet;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Releases++;
        log.LogInformation("{Closed} hub connections closed since the peak of {Peak}: memory {Before} MB → {After} MB",
            _peak - now, _peak, before / 1048576, Environment.WorkingSet / 1048576);
        _peak = now;
    }
}
