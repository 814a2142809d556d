using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Parley.Server.Data;

/// <summary>
/// Forward-only schema migrations: plain SQL files per provider (Data/Migrations/{Sqlite,Postgres}/NNNN_name.sql),
/// embedded in the assembly, applied in order at start-up and recorded in schema_version.
/// </summary>
public sealed class SchemaMigrator(ParleyDb db, ILogger<SchemaMigrator> log)
{
    private const long PostgresLockKey = 0x5061726C6579; // "Parley"

    public sealed record Script(int Version, string Name, string Sql);

    public bool IsPostgres => db.Database.IsNpgsql();

    public static IReadOnlyList<Script> Scripts(bool postgres)
    {
        var asm = typeof(SchemaMigrator).Assembly;
        var prefix = $"Parley.Server.Data.Migrations.{(postgres ? "Postgres" : "Sqlite")}.";
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                var version = int.Parse(file[..file.IndexOf('_')]);
                using var reader = new StreamReader(asm.GetManifestResourceStream(n)!);
                return new Script(version, file, reader.ReadToEnd());
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync(ct);
        try
        {
            if (IsPostgres) await Exec(conn, $"SELECT pg_advisory_lock({PostgresLockKey})", ct);
            else await Exec(conn, "PRAGMA journal_mode=WAL", ct);

            await Exec(conn, IsPostgres
                ? "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
                : "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))", ct);

            var applied = new HashSet<int>();
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "SELECT version FROM schema_version";
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) applied.Add(r.GetInt32(0));
            }

            var done = new List<int>();
            foreach (var s in Scripts(IsPostgres).Where(s => !applied.Contains(s.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await Exec(conn, s.Sql, ct, tx);
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = "INSERT INTO schema_version (version, name) VALUES (@v, @n)";
                    AddParam(cmd, "@v", s.Version);
                    AddParam(cmd, "@n", s.Name);
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                log.LogInformation("Applied schema migration {Version} {Name}", s.Version, s.Name);
                done.Add(s.Version);
            }

            if (IsPostgres) await Exec(conn, $"SELECT pg_advisory_unlock({PostgresLockKey})", ct);
            return done;
        }
        finally
        {
            await conn.CloseAsync();
        }
    }

    private static void AddParam(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private static async Task Exec(DbConnection conn, string sql, CancellationToken ct, DbTransaction? tx = null)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
