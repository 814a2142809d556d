using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Health;

/// <summary>The database answers a query.</summary>
public sealed class DatabaseReadiness(IDbContextFactory<ParleyDb> contexts) : IReadinessCheck
{
    public string Name => "database";

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // A query, not CanConnect: a pooled PostgreSQL connection opens without asking the server, which may be gone.
        await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
        return true;
    }
}
