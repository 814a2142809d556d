using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Parley.Server.Data;

/// <summary>
/// Brings the database to the model at start-up with EF migrations, one set per provider (Data/Migrations/Sqlite,
/// Data/Migrations/Postgres). A database made by the hand-written scripts of earlier releases is first completed to
/// their last version and adopted: the baseline migration, which describes that schema, is recorded as applied.
/// </summary>
public sealed class SchemaMigrator(ParleyDb db, ILogger<SchemaMigrator> log)
{
    private const long PostgresLockKey = 0x5061726C6579; // "Parley"

    public bool IsPostgres => db.Database.IsNpgsql();

    /// <summary>Returns the migrations applied now (the adopted baseline not among them).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync(ct);
        var locked = false;
        try
        {
            // Nodes starting together take turns; the lock is the session's, so it goes with the connection at worst.
            if (IsPostgres) { await Sql.ExecAsync(conn, $"SELECT pg_advisory_lock({PostgresLockKey})", ct); locked = true; }
            else await Sql.ExecAsync(conn, "PRAGMA journal_mode=WAL", ct);

            await using ParleyDb migrations = IsPostgres ? PostgresParleyDb.On(conn) : SqliteParleyDb.On(conn);
            if (await LegacySchema.IsPresentAsync(conn, IsPostgres, ct)) await AdoptAsync(migrations, ct);

            var pending = (await migrations.Database.GetPendingMigrationsAsync(ct)).ToList();
            await migrations.Database.MigrateAsync(ct);
            foreach (var m in pending) log.LogInformation("Applied schema migration {Migration}", m);
            if (IsPostgres) await WarnOfByteCharactersAsync(conn, ct);
            return pending;
        }
        finally
        {
            if (locked) await Sql.ExecAsync(conn, $"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None);
            await conn.CloseAsync();
        }
    }

    /// <summary>
    /// A database whose LC_CTYPE is C knows letters only in ASCII: pg_trgm finds no trigrams in CJK text (a search for
    /// it reads every message) and lower() leaves Ä, Σ and Ж as they are. Said once at start-up, with the cure.
    /// </summary>
    private async Task WarnOfByteCharactersAsync(System.Data.Common.DbConnection conn, CancellationToken ct)
    {
        var ctype = (string?)await Sql.ScalarAsync(conn, "SELECT datctype FROM pg_database WHERE datname = current_database()", ct);
        if (ctype is "C" or "POSIX")
            log.LogWarning("The PostgreSQL database's LC_CTYPE is {Ctype}: search can't index CJK text and folds case in ASCII only. " +
                "Create the database with LC_CTYPE 'C.UTF-8' (or another UTF-8 locale): CREATE DATABASE parley TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'.", ctype);
    }

    private async Task AdoptAsync(ParleyDb migrations, CancellationToken ct)
    {
        var conn = migrations.Database.GetDbConnection();
        foreach (var v in await LegacySchema.CompleteAsync(conn, IsPostgres, ct))
            log.LogInformation("Applied hand-written schema script {Version} before adopting the database", v);

        var history = migrations.GetService<IHistoryRepository>();
        if (await history.ExistsAsync(ct) && (await history.GetAppliedMigrationsAsync(ct)).Count > 0) return;

        var baseline = migrations.GetService<IMigrationsAssembly>().Migrations.Keys.First();
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Sql.ExecAsync(conn, history.GetCreateIfNotExistsScript(), ct, tx);
        await Sql.ExecAsync(conn, history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), ct, tx);
        await tx.CommitAsync(ct);
        log.LogInformation("Adopted a database made by hand-written schema version {Version}: recorded {Baseline} as applied", LegacySchema.LastVersion, baseline);
    }
}
