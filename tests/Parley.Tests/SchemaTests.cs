using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>The hand-written migrations build exactly the schema the EF model expects, on the provider under test.</summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task MigrationsOnAnEmptyDatabaseMatchTheModel()
    {
        var (cs, file, database) = await ParleyApp.CreateDatabaseAsync();
        try
        {
            var options = new DbContextOptionsBuilder<ParleyDb>();
            if (ParleyApp.OnPostgres) options.UseNpgsql(cs); else options.UseSqlite(cs);
            await using var db = new ParleyDb(options.Options);
            var migrator = new SchemaMigrator(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<SchemaMigrator>.Instance);
            Assert.Equal(ParleyApp.OnPostgres, migrator.IsPostgres);

            var applied = await migrator.MigrateAsync();
            Assert.Equal(SchemaMigrator.Scripts(ParleyApp.OnPostgres).Select(s => s.Version), applied);
            Assert.Empty(await migrator.MigrateAsync()); // a second start applies nothing

            var actual = await ColumnsAsync(db);
            foreach (var entity in db.Model.GetEntityTypes())
            {
                var table = entity.GetTableName()!;
                Assert.True(actual.ContainsKey(table), $"table {table} is missing");
                var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, null);
                foreach (var p in entity.GetProperties())
                {
                    var column = p.GetColumnName(store)!;
                    Assert.True(actual[table].TryGetValue(column, out var nullable), $"column {table}.{column} is missing");
                    Assert.Equal(p.IsNullable, nullable);
                }
                Assert.Equal(entity.GetProperties().Count(), actual[table].Count);
            }
            var indexes = await IndexesAsync(db);
            foreach (var ix in db.Model.GetEntityTypes().SelectMany(e => e.GetIndexes()))
                Assert.Contains(ix.GetDatabaseName()!, indexes);

            // Versions are recorded.
            var conn = db.Database.GetDbConnection();
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM schema_version";
            Assert.Equal(SchemaMigrator.Scripts(ParleyApp.OnPostgres).Count, Convert.ToInt32(await cmd.ExecuteScalarAsync()));
            await conn.CloseAsync();
        }
        finally
        {
            await ParleyApp.DropDatabaseAsync(file, database);
        }
    }

    private static async Task<Dictionary<string, Dictionary<string, bool>>> ColumnsAsync(ParleyDb db)
    {
        var sql = ParleyApp.OnPostgres
            ? "SELECT table_name, column_name, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = 'public'"
            : "SELECT m.name, p.name, p.\"notnull\" = 0 AND p.pk = 0 FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
        var result = new Dictionary<string, Dictionary<string, bool>>();
        await Read(db, sql, r =>
        {
            var t = r.GetString(0);
            if (!result.TryGetValue(t, out var cols)) result[t] = cols = new();
            cols[r.GetString(1)] = r.GetBoolean(2);
        });
        return result;
    }

    private static async Task<HashSet<string>> IndexesAsync(ParleyDb db)
    {
        var sql = ParleyApp.OnPostgres
            ? "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
            : "SELECT name FROM sqlite_master WHERE type = 'index'";
        var result = new HashSet<string>();
        await Read(db, sql, r => result.Add(r.GetString(0)));
        return result;
    }

    private static async Task Read(ParleyDb db, string sql, Action<DbDataReader> row)
    {
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        try
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) row(r);
        }
        finally { await conn.CloseAsync(); }
    }
}
