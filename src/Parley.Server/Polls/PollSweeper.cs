using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Polls;

/// <summary>
/// On every node: polls whose close time has passed are closed (<see cref="PollService.CloseDueAsync"/>, conditional,
/// so several nodes close each once). It sleeps until the next open poll's close time (<see cref="DeadlineLoop"/>: a
/// poll with a close time sent on this node wakes it). The close time is in the database, so a restart misses nothing: polls that
/// came due while the server was down close at its first sweep, dated at their close time.
/// </summary>
public sealed class PollSweeper(IServiceScopeFactory scopes, TimeProvider clock, DatabaseOutage outage, ILogger<PollSweeper> log)
    : DeadlineLoop(clock, outage, log)
{
    protected override string RoundFailed => "Closing polls whose time has come failed";

    protected override async Task<DateTime?> RoundAsync(CancellationToken ct)
    {
        await SweepAsync(ct);
        return await NextCloseAsync(ct);
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollService>().CloseDueAsync(ct);
    }

    private async Task<DateTime?> NextCloseAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollService>().NextCloseAsync(ct);
    }
}
