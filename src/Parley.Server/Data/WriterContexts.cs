using Microsoft.EntityFrameworkCore;

namespace Parley.Server.Data;

/// <summary>
/// The contexts the group-commit writers (Messages/SendBatcher) take, one a batch. On PostgreSQL they come from a
/// connection pool of their own (the connection string with "writer" in its Application Name, which also names them
/// in pg_stat_activity): Npgsql hands out idle connections oldest first, so from the shared pool each batch got the
/// connection every request had used least recently, and with it a different PostgreSQL backend, each with its caches
/// gone cold (docs/benchmarks.md). From their own pool a writer gets the same connection back batch after batch. A
/// connection that broke is dropped by the pool as before, and the next batch opens a new one. SQLite's writer takes
/// contexts from the shared pool: Microsoft.Data.Sqlite hands out the connection returned last, mostly the writer's own.
/// </summary>
public sealed class WriterContexts(IDbContextFactory<ParleyDb> contexts)
{
    public ParleyDb Create() => contexts.CreateDbContext();

    /// <summary>The writers' connection string: the same server and settings, a pool of its own.</summary>
    public static string PostgresConnection(string cs)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        b.ApplicationName = string.IsNullOrEmpty(b.ApplicationName) ? "Parley writer" : b.ApplicationName + " (writer)";
        return b.ToString();
    }
}
