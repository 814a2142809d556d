using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Parley.Server.Data;

/// <summary>
/// <see cref="ParleyDb"/> as migrated on PostgreSQL: its migrations are in Data/Migrations/Postgres
/// (`dotnet ef migrations add Name --context PostgresParleyDb --output-dir Data/Migrations/Postgres`).
/// </summary>
public sealed class PostgresParleyDb(DbContextOptions<PostgresParleyDb> options) : ParleyDb(options)
{
    public static PostgresParleyDb On(System.Data.Common.DbConnection connection) =>
        new(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql(connection).Options);
}

/// <summary>What `dotnet ef` builds the context with: the model alone, no database needed.</summary>
public sealed class PostgresParleyDbFactory : IDesignTimeDbContextFactory<PostgresParleyDb>
{
    public PostgresParleyDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql("Host=unused").Options);
}
