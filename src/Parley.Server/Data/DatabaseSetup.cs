using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
        if (provider == "postgres")
        {
            if (string.IsNullOrWhiteSpace(cs))
                throw new OptionsValidationException("ConnectionStrings:Parley", typeof(DatabaseOptions),
                    ["Parley:Database:Provider=postgres needs ConnectionStrings:Parley (env ConnectionStrings__Parley)."]);
            builder.Services.AddPooledDbContextFactory<ParleyDb>((sp, o) => Common(sp, o.UseNpgsql(PreparePostgres(cs))));
        }
        else
        {
            var sqlite = PrepareSqlite(cs ?? DefaultSqlite);
            builder.Services.AddPooledDbContextFactory<ParleyDb>((sp, o) => Common(sp, o.UseSqlite(sqlite)));
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

    /// <summary>
    /// EF's own error events go to Debug: each failure reaches a caller that reports it once (the REST error handler, the
    /// hub filter, a worker), and an outage is told by <see cref="DatabaseOutage"/>, not by a stack trace per query.
    /// </summary>
    private static void Common(IServiceProvider sp, DbContextOptionsBuilder o) => o
        .AddInterceptors(sp.GetRequiredService<DatabaseOutage>())
        .ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));

    /// <summary>
    /// Turns on Npgsql's automatic preparation unless the connection string says otherwise: PostgreSQL planned every
    /// statement anew (0.5–0.7 ms each, more than running a history page's queries), and the hot ones are few and fixed.
    /// </summary>
    private static string PreparePostgres(string cs)
    {
        // The plain builder knows only the keys the string names (Npgsql's own claims to hold every keyword).
        var named = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = cs };
        if (named.ContainsKey("Max Auto Prepare") || named.ContainsKey("MaxAutoPrepare")) return cs;
        return new Npgsql.NpgsqlConnectionStringBuilder(cs) { MaxAutoPrepare = 100 }.ToString();
    }

    /// <summary>Resolves the file against the working directory, creates its folder, and sets a busy timeout.</summary>
    private static string PrepareSqlite(string cs)
    {
        var b = new SqliteConnectionStringBuilder(cs);
        if (b.DataSource is not ("" or ":memory:") && b.Mode != SqliteOpenMode.Memory)
        {
            b.DataSource = Path.GetFullPath(b.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(b.DataSource)!);
        }
        if (!cs.Contains("Timeout", StringComparison.OrdinalIgnoreCase)) b.DefaultTimeout = 30;
        return b.ToString();
    }

    /// <summary>Applies pending migrations before the app serves anything.</summary>
    public static async Task MigrateParleyDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
    }
}
