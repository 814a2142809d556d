using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Parley.Server.Data;
using Xunit;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A transaction of the test's own that holds a room's writes until released, so changes started meanwhile queue
/// behind it: the room's row on PostgreSQL (handed over first come, first served, which sets their order), the
/// database's write lock on SQLite (whose writers retry instead of queueing, so no order can be set there).
/// </summary>
public sealed class RoomHold : IAsyncDisposable
{
    private readonly ParleyDb _db;
    private readonly IDbContextTransaction _tx;
    private readonly ParleyDb _probe;
    private bool _released;

    private RoomHold(ParleyDb db, IDbContextTransaction tx, ParleyDb probe) => (_db, _tx, _probe) = (db, tx, probe);

    public static async Task<RoomHold> StartAsync(ParleyApp app, Guid room)
    {
        var db = app.OpenDb();
        var tx = await db.Database.BeginTransactionAsync();
        if (ParleyApp.OnPostgres) await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM rooms WHERE id = {room} FOR UPDATE");
        else await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE rooms SET last_seq = last_seq WHERE id = {room}");
        return new RoomHold(db, tx, app.OpenDb());
    }

    /// <summary>PostgreSQL only: waits until this many backends wait for a lock (the changes started are queued).</summary>
    public async Task WaitersAsync(int count)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (await _probe.Database.SqlQueryRaw<int>(
                   "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").SingleAsync() < count)
        {
            if (DateTime.UtcNow > until) Assert.Fail($"{count} changes should be waiting for the room's row by now");
            await Task.Delay(20);
        }
    }

    public async Task ReleaseAsync()
    {
        if (_released) return;
        _released = true;
        await _tx.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _tx.DisposeAsync();
        await _db.DisposeAsync();
        await _probe.DisposeAsync();
    }
}
