namespace Parley.Tests.Infrastructure;

/// <summary>
/// Two nodes of one cluster in the test process: two apps on real Kestrel (loopback, each its own port) sharing one
/// PostgreSQL database and one Redis of the test's own. A user signed up on one node uses the other with the same
/// token (the data-protection keys are in the database): <c>On(B, alice)</c>.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    public required ThrowawayRedis Redis { get; init; }
    public required ParleyApp A { get; init; }
    public required ParleyApp B { get; init; }

    /// <param name="clockA">A FakeTimeProvider for node A (and <paramref name="clockB"/> for B), for time-based rules.</param>
    public static async Task<TwoNodes> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? clockA = null, TimeProvider? clockB = null)
    {
        var redis = await ThrowawayRedis.StartAsync();
        ParleyApp? a = null;
        try
        {
            var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["Parley:Redis:Configuration"] = redis.ConfigurationString,
            };
            var database = await ParleyApp.CreateDatabaseAsync();
            a = await ParleyApp.StartOnAsync(database, all, clockA);
            // B doesn't drop the database when it stops: A does, last.
            var b = await ParleyApp.StartOnAsync((database.ConnectionString, null, null), all, clockB);
            return new TwoNodes { Redis = redis, A = a, B = b };
        }
        catch
        {
            if (a is not null) await a.DisposeAsync();
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>The user, with REST calls and hub connections going to this node.</summary>
    public static TestUser On(ParleyApp node, TestUser user) => user with { App = node };

    public async ValueTask DisposeAsync()
    {
        try { await B.DisposeAsync(); }
        finally
        {
            try { await A.DisposeAsync(); }
            finally { await Redis.DisposeAsync(); }
        }
    }
}
