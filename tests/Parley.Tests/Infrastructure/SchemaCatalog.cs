using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A database's schema as sorted lines (columns with type, nullability and default; indexes; keys and foreign keys),
/// read from the catalog, so two databases can be compared. Migration bookkeeping tables are left out.
/// </summary>
public static class SchemaCatalog
{
    private const string Bookkeeping = "'schema_version', '__EFMigrationsHistory', '__EFMigrationsLock'";

    public static DbConnection Open(string connectionString) =>
        ParleyApp.OnPostgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);

    public static async Task<List<string>> ReadAsync(string connectionString)
    {
        await using var conn = Open(connectionString);
        await conn.OpenAsync();
        var queries = ParleyApp.OnPostgres
            ? new[]
            {
                $"""
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                    || ' nullable=' || is_nullable || ' default=' || coalesce(column_default, '-') || ' identity=' || coalesce(identity_generation, '-')
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT IN ({Bookkeeping})
                """,
                $"SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT IN ({Bookkeeping})",
                $"""
                SELECT 'constraint ' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                WHERE k.connamespace = 'public'::regnamespace AND c.relname NOT IN ({Bookkeeping})
                """,
                "SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal",
            }
            : new[]
            {
                $"""
                SELECT 'column ' || m.name || '.' || p.name || ' ' || p.type || ' notnull=' || p."notnull" || ' default=' || coalesce(p.dflt_value, '-') || ' pk=' || p.pk
                FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT IN ({Bookkeeping})
                """,
                $"""
                SELECT 'index ' || m.name || ' ' || l.name || ' unique=' || l."unique" || ' origin=' || l.origin || ' partial=' || l.partial || ' ('
                    || (SELECT group_concat(name, ',') FROM (SELECT i.name FROM pragma_index_info(l.name) i ORDER BY i.seqno)) || ')'
                FROM sqlite_master m JOIN pragma_index_list(m.name) l
                WHERE m.type = 'table' AND m.name NOT IN ({Bookkeeping})
                """,
                $"""
                SELECT 'foreign key ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' on delete ' || f.on_delete || ' on update ' || f.on_update
                FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
                WHERE m.type = 'table' AND m.name NOT IN ({Bookkeeping})
                """,
                "SELECT type || ' ' || name FROM sqlite_master WHERE type IN ('trigger', 'view')",
            };
        var lines = new List<string>();
        foreach (var sql in queries)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) lines.Add(r.GetString(0));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
