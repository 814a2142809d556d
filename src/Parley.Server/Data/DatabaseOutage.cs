using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Parley.Server.Data;

/// <summary>
/// Knows when the database is out of reach (PostgreSQL down or restarting, the pool exhausted, SQLite busy or its disk
/// failing) and says so in the log twice: once when it starts, once when it ends. Callers answer 503 with Retry-After
/// (REST) or the hub error "unavailable" meanwhile, instead of a stack trace per failed query.
/// </summary>
public sealed class DatabaseOutage(TimeProvider clock, Infrastructure.ParleyMetrics metrics, ILogger<DatabaseOutage> log) : IDbCommandInterceptor, IDbConnectionInterceptor
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private DateTimeOffset _lastFailureAt; // wall clock, as EF stamps a command's start
    private static readonly TimeSpan OutOfStepLogEvery = TimeSpan.FromMinutes(1);
    private DateTimeOffset _outOfStepLoggedAt = DateTimeOffset.MinValue;

    public bool IsDown => _since is not null;

    /// <summary>What a caller answers meanwhile: 503 unavailable, retry after <see cref="RetryAfter"/>; nothing changed.</summary>
    public static Infrastructure.ParleyError Refusal() => new(503, "The database can't be reached right now; nothing was changed. Try again shortly.",
        retryAfter: RetryAfter, code: Infrastructure.ErrorCodes.Unavailable);

    /// <summary>True for failures that say "the database can't be used now" rather than "this query is wrong".</summary>
    public static bool IsOutage(Exception? e) => Chain(e).Any(x => IsUnreachable(x) || IsOutOfStep(x));

    private static bool IsUnreachable(Exception e) => e is
        NpgsqlException { IsTransient: true }
        or PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" or "3D000" } or PostgresException { SqlState: ['0', '8', ..] }
        or SqliteException { SqliteErrorCode: 5 or 6 or 10 or 13 or 14 }; // busy, locked, I/O error, disk full, can't open

    /// <summary>
    /// A pooled connection whose bookkeeping a restart left out of step with the server: Npgsql's auto-prepared
    /// statements ("_auto0 already exists" or "does not exist") or its reader state. The database is up; that one
    /// connection is not, and Npgsql would hand it out again.
    /// </summary>
    private static bool IsOutOfStep(Exception e) => e switch
    {
        PostgresException { SqlState: "42P05" or "26000", MessageText: var text } => text.Contains("\"_auto", StringComparison.Ordinal),
        NpgsqlException { Message: var m } and not PostgresException => m.StartsWith("Received backend message", StringComparison.Ordinal),
        NullReferenceException { Source: "Npgsql" } => true,
        _ => false,
    };

    /// <summary>Records a failure; returns true if it was an outage (logged once, when the outage starts).</summary>
    public bool Saw(Exception e)
    {
        if (!IsOutage(e)) return false;
        if (Chain(e).Any(IsOutOfStep))
        {
            DropOutOfStep(e);
            return true;
        }
        lock (_gate)
        {
            _lastFailureAt = DateTimeOffset.UtcNow;
            if (_since is not null) return true;
            _since = clock.GetUtcNow();
        }
        metrics.DatabaseWentDown();
        log.LogWarning("The database can't be reached: {Reason}. Requests get 503 with Retry-After until it is back", Describe(e));
        return true;
    }

    /// <summary>
    /// A command that started at <paramref name="commandStarted"/> reached the database. One already on its way at the
    /// last failure proves nothing (while PostgreSQL shuts down, some finish and others fail): only a command started
    /// after it ends the outage, so the log says "down" and "back" once each.
    /// </summary>
    private void Reached(DateTimeOffset commandStarted)
    {
        if (_since is null) return;
        DateTimeOffset since;
        lock (_gate)
        {
            if (_since is not { } s || commandStarted <= _lastFailureAt) return;
            since = s;
            _since = null;
        }
        // Idle pooled connections opened before the outage may be dead or out of step: start the pools afresh.
        NpgsqlConnection.ClearAllPools();
        log.LogWarning("The database is reachable again after {Seconds:F1} s", (clock.GetUtcNow() - since).TotalSeconds);
    }

    /// <summary>
    /// Not an outage (the log would say "down" while the database answers): every pooled connection is let go, so the
    /// one out of step is not handed out again, and the caller answers "unavailable, retry" as for an outage.
    /// </summary>
    private void DropOutOfStep(Exception e)
    {
        NpgsqlConnection.ClearAllPools();
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (now - _outOfStepLoggedAt < OutOfStepLogEvery) return;
            _outOfStepLoggedAt = now;
        }
        log.LogWarning("A pooled database connection was out of step with the server ({Reason}); the connection pools were started afresh", Describe(e));
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e;
    }

    private static string Describe(Exception e)
    {
        while (e.InnerException is not null && e is not (NpgsqlException or SqliteException)) e = e.InnerException;
        return e.Message;
    }

    /// <summary>Every failed command or connection, counted once here (callers may report the same failure again via Saw).</summary>
    private void Failed(Exception e) => metrics.DatabaseFailed(outage: Saw(e));

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Failed(eventData.Exception);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Exception);
        return Task.CompletedTask;
    }

    public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Failed(eventData.Exception);

    public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Exception);
        return Task.CompletedTask;
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Reached(eventData.StartTime);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Reached(eventData.StartTime);
        return new(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Reached(eventData.StartTime);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Reached(eventData.StartTime);
        return new(result);
    }
}
