using System.Data.Common;

namespace Parley.Server.Data;

/// <summary>
/// The schema as it was kept before EF migrations: hand-written SQL per provider (Data/Migrations/Legacy/…/NNNN_name.sql),
/// recorded in schema_version. Only used to bring an older database up to <see cref="LastVersion"/>, the schema the
/// baseline migration describes; never edit these files, nor add to them.
/// </summary>
public static class LegacySchema
{
    public const int LastVersion = 8;

    public sealed record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> Scripts(bool postgres)
    {
        var asm = typeof(LegacySchema).Assembly;
        var prefix = $"Parley.Server.Data.Migrations.Legacy.{(postgres ? "Postgres" : "Sqlite")}.";
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                using var reader = new StreamReader(asm.GetManifestResourceStream(n)!);
                return new Script(int.Parse(file[..file.IndexOf('_')]), file, reader.ReadToEnd());
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    /// <summary>True when the database was created by the hand-written scripts.</summary>
    public static async Task<bool> IsPresentAsync(DbConnection conn, bool postgres, CancellationToken ct) =>
        Convert.ToBoolean(await Sql.ScalarAsync(conn, postgres
            ? "SELECT to_regclass('schema_version') IS NOT NULL"
            : "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'", ct));

    /// <summary>
    /// Applies the scripts this database lacks, each in its own transaction; returns their versions. On an empty database
    /// it builds what the last release before EF migrations did.
    /// </summary>
    public static async Task<IReadOnlyList<int>> CompleteAsync(DbConnection conn, bool postgres, CancellationToken ct)
    {
        await Sql.ExecAsync(conn, postgres
            ? "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
            : "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))", ct);
        var applied = new HashSet<int>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT version FROM schema_version";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) applied.Add(r.GetInt32(0));
        }
        var scripts = Scripts(postgres);
        if (applied.Except(scripts.Select(s => s.Version)).Any())
            throw new InvalidOperationException(
                $"The database has hand-written schema version {applied.Max()}, which this Parley does not know (it knows 1 to {LastVersion}). " +
                "Run the Parley release that created it, or restore a backup.");

        var done = new List<int>();
        foreach (var s in scripts.Where(s => !applied.Contains(s.Version)))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await Sql.ExecAsync(conn, s.Sql, ct, tx);
            await Sql.ExecAsync(conn, $"INSERT INTO schema_version (version, name) VALUES ({s.Version}, '{s.Name}')", ct, tx);
            await tx.CommitAsync(ct);
            done.Add(s.Version);
        }
        return done;
    }
}
