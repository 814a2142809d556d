using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Server.Data;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>The EF migrations of the provider under test: what they build, and that they describe the model.</summary>
public sealed class SchemaTests
{
    /// <summary>`dotnet ef migrations has-pending-model-changes` for both contexts: a model change needs a migration.</summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void MigrationsDescribeTheModel(string provider)
    {
        using ParleyDb db = provider == "postgres" ? new PostgresParleyDbFactory().CreateDbContext([]) : new SqliteParleyDbFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changes no {provider} migration describes: run `dotnet ef migrations add <Name> --context {db.GetType().Name} --output-dir Data/Migrations/{(provider == "postgres" ? "Postgres" : "Sqlite")}` in src/Parley.Server.");
    }

    [Fact]
    public async Task BaselineBuildsTheSchemaOfTheLastHandWrittenRelease()
    {
        var legacy = await ParleyApp.CreateDatabaseAsync();
        var fresh = await ParleyApp.CreateDatabaseAsync();
        try
        {
            await using (var conn = SchemaCatalog.Open(legacy.ConnectionString))
            {
                await conn.OpenAsync();
                Assert.Equal(Enumerable.Range(1, LegacySchema.LastVersion), await LegacySchema.CompleteAsync(conn, ParleyApp.OnPostgres, default));
            }
            await MigrateToBaselineAsync(fresh.ConnectionString);

            var expected = await SchemaCatalog.ReadAsync(legacy.ConnectionString);
            var actual = await SchemaCatalog.ReadAsync(fresh.ConnectionString);
            Assert.True(expected.Count > 100, "the catalog query found the tables");
            var missing = expected.Except(actual).ToList();
            var extra = actual.Except(expected).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0,
                $"Only in the hand-written schema:\n  {string.Join("\n  ", missing)}\nOnly in the EF one:\n  {string.Join("\n  ", extra)}");
        }
        finally
        {
            await ParleyApp.DropDatabaseAsync(legacy.File, legacy.Database);
            await ParleyApp.DropDatabaseAsync(fresh.File, fresh.Database);
        }
    }

    [Fact]
    public async Task EmptyDatabaseGetsEveryMigrationOnceAndNoHandWrittenTable()
    {
        var (cs, file, database) = await ParleyApp.CreateDatabaseAsync();
        try
        {
            var applied = await MigrateAsync(cs);
            await using (var db = Context(cs))
                Assert.Equal(db.Database.GetMigrations(), applied);
            Assert.Empty(await MigrateAsync(cs)); // a second start applies nothing

            await using var conn = SchemaCatalog.Open(cs);
            await conn.OpenAsync();
            Assert.False(await LegacySchema.IsPresentAsync(conn, ParleyApp.OnPostgres, default));
        }
        finally
        {
            await ParleyApp.DropDatabaseAsync(file, database);
        }
    }

    internal static async Task<IReadOnlyList<string>> MigrateAsync(string cs)
    {
        await using var db = Context(cs);
        return await new SchemaMigrator(db, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
    }

    /// <summary>Only the first migration: the schema of the last hand-written release, before what came after it.</summary>
    private static async Task MigrateToBaselineAsync(string cs)
    {
        await using var db = Context(cs);
        await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
    }

    internal static ParleyDb Context(string cs) => ParleyApp.OnPostgres
        ? new PostgresParleyDb(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql(cs).Options)
        : new SqliteParleyDb(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite(cs).Options);
}
