using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Parley.Server.Infrastructure;

namespace Parley.Server.Data;

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/parley.db";

    public static void AddParleyDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DatabaseOutage>();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration("Parley:Database").ValidateDataAnnotations().ValidateOnStart();
        var provider = builder.Configuration["Parley:Database:Provider"] ?? "sqlite";
        var cs = builder.Configuration.GetConnectionString("Parley");
        if (provider is not ("sqlite" or "postgres"))
            throw DatabaseUnusableException.Setting($"Parley:Database:Provider is \"{provider}\"; it must be sqlite or postgres.");
        if (provider == "postgres")
        {
            if (string.IsNullOrWhiteSpace(cs))
                throw DatabaseUnusableException.Setting("Parley:Database:Provider=postgres needs ConnectionStrings:Parley.");
            var postgres = Prepared(() => PreparePostgres(cs), "PostgreSQL");
            builder.Services.AddPooledDbContextFactory<ParleyDb>((sp, o) => Common(sp, o.UseNpgsql(postgres)));
            var writers = WriterContexts.PostgresConnection(postgres);
            builder.Services.AddSingleton(sp => new WriterContexts(new PooledDbContextFactory<ParleyDb>(Options(sp, o => o.UseNpgsql(writers)))));
        }
        else
        {
            var sqlite = Prepared(() => PrepareSqlite(cs ?? DefaultSqlite), "SQLite");
            builder.Services.AddPooledDbContextFactory<ParleyDb>((sp, o) => Common(sp, o.UseSqlite(sqlite)));
            builder.Services.AddSingleton(sp => new WriterContexts(sp.GetRequiredService<IDbContextFactory<ParleyDb>>()));
        }
        // One pool serves both: a scope's ParleyDb (returned to the pool when the scope ends) and the factory, for work
        // that must not hold a context as long as its scope does (a hub connection's HTTP request lasts for hours).
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ParleyDb>>().CreateDbContext());
        builder.Services.AddScoped<SchemaMigrator>();
        builder.Services.AddDataProtection().SetApplicationName("Parley");
        builder.Services.AddSingleton<DbXmlRepository>();
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<DbXmlRepository>((o, repo) => o.XmlRepository = repo);
    }

    /// <summary>A connection string the provider can't read, as one line.</summary>
    private static string Prepared(Func<string> prepare, string provider)
    {
        try { return prepare(); }
        catch (ArgumentException e)
        {
            throw DatabaseUnusableException.Setting($"ConnectionStrings:Parley is not a {provider} connection string ({e.Message.TrimEnd('.')}).", e);
        }
    }

    /// <summary>Options for a context factory of Parley's own, made as AddPooledDbContextFactory makes them.</summary>
    private static DbContextOptions<ParleyDb> Options(IServiceProvider sp, Action<DbContextOptionsBuilder> provider)
    {
        var o = new DbContextOptionsBuilder<ParleyDb>().UseApplicationServiceProvider(sp);
        provider(o);
        Common(sp, o);
        return o.Options;
    }

    /// <summary>
    /// EF's own error events go to Debug: each failure reaches a caller that reports it once (the REST error handler, the
    /// hub filter, a worker), and an outage is told by <see cref="DatabaseOutage"/>, not by a stack trace per query.
    /// </summary>
    private static void Common(IServiceProvider sp, DbContextOptionsBuilder o) => o
        .AddInterceptors(sp.GetRequiredService<DatabaseOutage>())
        .EnableThreadSafetyChecks(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ThreadSafetyChecks)
        .ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));

    /// <summary>
    /// Unless the connection string says otherwise: Npgsql's automatic preparation (PostgreSQL planned every statement
    /// anew, and the hot ones are few and fixed), and PostgreSQL's JIT off (-c jit=off). JIT compiled a search whose
    /// estimated cost passed jit_above_cost in 10–30 ms, for a statement that runs in 5: a chat server's statements
    /// are short, and JIT only pays off on long analytic ones. And no reset when a pooled connection goes back (No Reset
    /// On Close): Npgsql otherwise runs seven statements (RESET ALL, CLOSE ALL, UNLISTEN *, …) at the start of every
    /// next use — every request and every group-commit batch. Parley leaves no session state behind: settings are SET
    /// LOCAL (they end with the transaction), and the migrator's advisory lock is released by the migrator.
    /// </summary>
    public static string PreparePostgres(string cs)
    {
        // The plain builder knows only the keys the string names (Npgsql's own claims to hold every keyword).
        var named = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = cs };
        var b = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        if (!named.ContainsKey("Max Auto Prepare") && !named.ContainsKey("MaxAutoPrepare")) b.MaxAutoPrepare = 100;
        if (!named.ContainsKey("Options")) b.Options = "-c jit=off";
        if (!named.ContainsKey("No Reset On Close") && !named.ContainsKey("NoResetOnClose")) b.NoResetOnClose = true;
        return b.ToString();
    }

    /// <summary>Resolves the file against the working directory, creates its folder, and sets a busy timeout.</summary>
    private static string PrepareSqlite(string cs)
    {
        var b = new SqliteConnectionStringBuilder(cs);
        if (b.DataSource is not ("" or ":memory:") && b.Mode != SqliteOpenMode.Memory)
        {
            b.DataSource = Path.GetFullPath(b.DataSource);
            try { Directory.CreateDirectory(Path.GetDirectoryName(b.DataSource)!); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw DatabaseUnusableException.Setting($"the folder of the SQLite database {b.DataSource} can't be created: {e.Message}", e);
            }
        }
        if (!cs.Contains("Timeout", StringComparison.OrdinalIgnoreCase)) b.DefaultTimeout = 30;
        return b.ToString();
    }

    /// <summary>
    /// Applies pending migrations before the app serves anything. A database that can't be reached or used ends here
    /// as a <see cref="DatabaseUnusableException"/>.
    /// </summary>
    public static async Task MigrateParleyDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        }
        catch (Exception e) when (DatabaseUnusableException.From(e, Describe(scope.ServiceProvider.GetRequiredService<ParleyDb>())) is { } unusable)
        {
            throw unusable;
        }
    }

    /// <summary>"the PostgreSQL database" or "the SQLite database /path/parley.db": which one failed.</summary>
    private static string Describe(ParleyDb db) => db.Database.IsNpgsql()
        ? "the PostgreSQL database"
        : $"the SQLite database {new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource}";
}
