using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Parley.Server.Data;

/// <summary>
/// <see cref="ParleyDb"/> as migrated on SQLite: its migrations are in Data/Migrations/Sqlite
/// (`dotnet ef migrations add Name --context SqliteParleyDb --output-dir Data/Migrations/Sqlite`).
/// </summary>
public sealed class SqliteParleyDb(DbContextOptions<SqliteParleyDb> options) : ParleyDb(options)
{
    public static SqliteParleyDb On(System.Data.Common.DbConnection connection) =>
        new(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite(connection).Options);
}

/// <summary>What `dotnet ef` builds the context with: the model alone, no database needed.</summary>
public sealed class SqliteParleyDbFactory : IDesignTimeDbContextFactory<SqliteParleyDb>
{
    public SqliteParleyDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite("Data Source=:memory:").Options);
}
