using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Parley.Server;
using Parley.Server.Data;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The real app on real Kestrel, on a loopback port, with a database of its own: a SQLite file,
/// or a fresh PostgreSQL database when PARLEY_TEST_POSTGRES holds an admin connection string.
/// </summary>
public sealed class ParleyApp : ITestServer, IAsyncDisposable
{
    public static readonly string? PostgresAdmin = Environment.GetEnvironmentVariable("PARLEY_TEST_POSTGRES");
    public static bool OnPostgres => !string.IsNullOrEmpty(PostgresAdmin);
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, string?> _settings;
    private readonly string _connectionString;
    private readonly string? _sqliteFile;
    private readonly string? _pgDatabase;
    private readonly TimeProvider? _clock;
    private readonly Action<IServiceCollection>? _services;
    private WebApplication? _app;
    private int _port;

    /// <summary>Everything the app logged (after the app's own level filters), for checks such as "no token in logs".</summary>
    public ConcurrentQueue<string> Logs { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    /// <summary>Where this app keeps uploaded content (its own folder, removed on dispose).</summary>
    public string FilesPath => _settings["Parley:Files:Path"]!;

    private ParleyApp(Dictionary<string, string?> settings, string connectionString, string? sqliteFile, string? pgDatabase, TimeProvider? clock,
        Action<IServiceCollection>? services)
    {
        _clock = clock;
        _services = services;
        _settings = settings;
        _connectionString = connectionString;
        _sqliteFile = sqliteFile;
        _pgDatabase = pgDatabase;
    }

    /// <summary>
    /// Starts an app on a new, empty database. <paramref name="settings"/> override configuration keys; <paramref name="clock"/>
    /// (a FakeTimeProvider) replaces the app's TimeProvider, for rules that take effect after a while; <paramref name="services"/>
    /// adds services of the test's own (what another part of the system would register).
    /// </summary>
    public static async Task<ParleyApp> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        Action<IServiceCollection>? services = null) =>
        await (await StartOnAsync(await CreateMigratedDatabaseAsync(), settings, clock, services)).WithOwnerAsync();

    /// <summary>
    /// The first account on a fresh server becomes its owner. A fresh test server gets an owner that can't sign in
    /// first, so the people a test signs up are plain members (tests of roles promote them: <see cref="SetRoleAsync"/>).
    /// </summary>
    private async Task<ParleyApp> WithOwnerAsync()
    {
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ParleyDb>>().CreateDbContextAsync();
        var name = "owner_" + Guid.NewGuid().ToString("N")[..8];
        db.Users.Add(new Parley.Server.Accounts.User
        {
            Id = Guid.CreateVersion7(), UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = "Owner",
            SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = DateTime.UtcNow, ServerRole = Parley.Server.Moderation.ServerRole.Owner,
        });
        await db.SaveChangesAsync();
        return this;
    }

    /// <summary>Gives a user a server role straight in the database (what an admin would do through the console).</summary>
    public async Task SetRoleAsync(Guid userId, Parley.Server.Moderation.ServerRole role)
    {
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ParleyDb>>().CreateDbContextAsync();
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
            System.Linq.Queryable.Where(db.Users, u => u.Id == userId), s => s.SetProperty(u => u.ServerRole, role));
    }

    /// <summary>Starts an app on a database from <see cref="CreateDatabaseAsync"/> that the test filled first; dropped on dispose.</summary>
    public static async Task<ParleyApp> StartOnAsync((string ConnectionString, string? File, string? Database) database,
        IDictionary<string, string?>? settings = null, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var (cs, file, db) = database;
        var all = TestSettings(cs);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) { if (v is null) all.Remove(k); else all[k] = v; } // null: the app's default
        var app = new ParleyApp(all, cs, file, db, clock, services);
        await app.BootAsync();
        return app;
    }

    /// <summary>The settings every test server starts with (in-process apps and cluster nodes alike).</summary>
    public static Dictionary<string, string?> TestSettings(string connectionString) => new()
    {
        ["ConnectionStrings:Parley"] = connectionString,
        ["Parley:Database:Provider"] = OnPostgres ? "postgres" : "sqlite",
        // Off in production for speed; here a context used by two operations at once fails the test that does it.
        ["Parley:Database:ThreadSafetyChecks"] = "true",
        // Tests drive many users from one address; the limits themselves are tested with their own settings.
        ["Parley:RateLimits:SendPerSecond"] = "100000",
        ["Parley:RateLimits:SendBurst"] = "100000",
        ["Parley:RateLimits:AuthPerMinute"] = "100000",
        ["Parley:RateLimits:CallsPerSecond"] = "100000",
        ["Parley:RateLimits:CallBurst"] = "100000",
        ["Parley:RateLimits:UploadsPerMinute"] = "100000",
        ["Parley:Auth:PasswordIterations"] = "1000", // thousands of sign-ups; AccountTests checks the real default
        ["Parley:Files:Path"] = Path.Combine(Path.GetTempPath(), "parley-tests", "files-" + Guid.NewGuid().ToString("N")),
        // Its default port is one per machine; the metrics tests turn it on with a port of their own (MetricsPort).
        ["Parley:Metrics:Enabled"] = "false",
    };

    public static async Task<(string ConnectionString, string? File, string? Database)> CreateDatabaseAsync()
    {
        if (OnPostgres)
        {
            var name = "parley_t_" + Guid.NewGuid().ToString("N")[..16];
            await using var admin = new NpgsqlConnection(PostgresAdmin);
            await admin.OpenAsync();
            await using (var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin)) await cmd.ExecuteNonQueryAsync();
            var cs = new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ToString();
            return (cs, null, name);
        }
        var dir = Path.Combine(Path.GetTempPath(), "parley-tests");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".db");
        return ($"Data Source={file}", file, null);
    }

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static (string? File, string? Database)? _template;

    /// <summary>
    /// A new database that holds the current schema already: a copy of one migrated once per test run (CREATE DATABASE …
    /// TEMPLATE on PostgreSQL, a file copy on SQLite), because migrating each test's database cost a third of a second of
    /// CPU on PostgreSQL. The app still runs its migrations at start, and finds none pending; the schema and upgrade tests
    /// start from <see cref="CreateDatabaseAsync"/>, an empty one. FILE_COPY copies the files instead of writing every
    /// page through the WAL (PostgreSQL 15's default): 0.12 s a database instead of 0.22 s here.
    /// </summary>
    public static async Task<(string ConnectionString, string? File, string? Database)> CreateMigratedDatabaseAsync()
    {
        var (templateFile, templateDatabase) = await TemplateAsync();
        if (OnPostgres)
        {
            var name = "parley_t_" + Guid.NewGuid().ToString("N")[..16];
            await using var admin = new NpgsqlConnection(PostgresAdmin);
            await admin.OpenAsync();
            await using (var cmd = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {templateDatabase} STRATEGY FILE_COPY", admin)) await cmd.ExecuteNonQueryAsync();
            return (new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ToString(), null, name);
        }
        var file = Path.Combine(Path.GetDirectoryName(templateFile)!, Guid.NewGuid().ToString("N") + ".db");
        File.Copy(templateFile!, file);
        return ($"Data Source={file}", file, null);
    }

    private static async Task<(string? File, string? Database)> TemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is { } made) return made;
            var (cs, file, database) = await CreateDatabaseAsync();
            await using (ParleyDb db = OnPostgres
                             ? new PostgresParleyDb(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<PostgresParleyDb>()
                                 .UseNpgsql(DatabaseSetup.PreparePostgres(cs)).Options)
                             : new SqliteParleyDb(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite(cs).Options))
                await new SchemaMigrator(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<SchemaMigrator>.Instance).MigrateAsync();
            // No connection may stay open to a PostgreSQL template; SQLite folds its WAL into the file as the last one closes.
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropDatabaseAsync(file, database).GetAwaiter().GetResult();
            return (_template = (file, database)).Value;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private async Task BootAsync()
    {
        _app = ParleyServer.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(_settings);
            b.WebHost.UseUrls($"http://127.0.0.1:{_port}");
            b.Logging.AddProvider(new CapturingLoggerProvider(Logs));
            _services?.Invoke(b.Services);
            // The app registers TimeProvider.System after this callback: replace it when the container is built.
            if (_clock is { } clock) b.Host.UseServiceProviderFactory(new ClockReplacingFactory(clock));
        });
        await _app.MigrateParleyDatabaseAsync();
        await _app.StartAsync();
        var metricsPort = _settings["Parley:Metrics:Enabled"] == "true" ? MetricsPort : -1;
        BaseAddress = new Uri(_app.Urls.First(u => new Uri(u).Port != metricsPort));
        _port = BaseAddress.Port;
    }

    /// <summary>Stops the server and starts a new one on the same database and port.</summary>
    public async Task RestartAsync()
    {
        await StopServerAsync();
        await BootAsync();
    }

    public async Task StopServerAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public HttpClient CreateHttpClient(string? accessToken = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (accessToken is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        return http;
    }

    /// <summary>Settings that serve the metrics on a loopback port of their own, which the test reads from <see cref="MetricsPort"/>.</summary>
    public static Dictionary<string, string?> WithMetrics(IDictionary<string, string?>? more = null)
    {
        // Free a moment ago: another test could take it meanwhile, a race the few metrics tests accept.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Dictionary<string, string?>(more ?? new Dictionary<string, string?>())
        {
            ["Parley:Metrics:Enabled"] = "true",
            ["Parley:Metrics:Urls"] = $"http://127.0.0.1:{port}",
        };
    }

    public int MetricsPort => new Uri(_settings["Parley:Metrics:Urls"]!).Port;

    /// <summary>Registers and signs in a new user for real: a fresh name each call.</summary>
    public Task<TestUser> SignUpAsync(string? name = null, string? displayName = null) => TestUser.SignUpAsync(this, name, displayName);

    /// <summary>Opens a hub connection as this user.</summary>
    public Task<HubClient> ConnectAsync(TestUser user, Transport transport = Transport.WebSockets, string? origin = null) =>
        HubClient.ConnectAsync(BaseAddress, user.AccessToken, transport, origin);

    /// <summary>Opens a hand-written hub connection, for malformed frames and the WebSocket close status.</summary>
    public Task<RawHubClient> ConnectRawAsync(TestUser user, Transport transport = Transport.WebSockets, string? origin = null) =>
        RawHubClient.ConnectAsync(BaseAddress, user.AccessToken, transport, origin);

    /// <summary>A DbContext on the app's database, for asserting what was (not) stored.</summary>
    public ParleyDb OpenDb()
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<ParleyDb>();
        if (OnPostgres) Microsoft.EntityFrameworkCore.NpgsqlDbContextOptionsBuilderExtensions.UseNpgsql(options, _connectionString);
        else Microsoft.EntityFrameworkCore.SqliteDbContextOptionsBuilderExtensions.UseSqlite(options, _connectionString);
        return new ParleyDb(options.Options);
    }

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        await DropDatabaseAsync(_sqliteFile, _pgDatabase);
        try { Directory.Delete(FilesPath, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    public static async Task DropDatabaseAsync(string? sqliteFile, string? pgDatabase)
    {
        if (pgDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresAdmin);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {pgDatabase} WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        if (sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
        }
    }
}

/// <summary>Where a test's users sign up and call: one in-process app, or a cluster's load balancer.</summary>
public interface ITestServer
{
    HttpClient CreateHttpClient(string? accessToken = null);
}

public sealed record TestUser(ITestServer Server, Guid Id, string UserName, string Password, string AccessToken, string RefreshToken)
{
    /// <summary>The in-process app this user lives on (for tests that look inside it); <c>with { App = … }</c> moves them to another.</summary>
    public ParleyApp App
    {
        get => (ParleyApp)Server;
        init => Server = value;
    }

    public HttpClient Http() => Server.CreateHttpClient(AccessToken);

    /// <summary>Registers and signs in a new user for real: a fresh name each call.</summary>
    public static async Task<TestUser> SignUpAsync(ITestServer server, string? name = null, string? displayName = null)
    {
        var userName = (name ?? "user") + "_" + Guid.NewGuid().ToString("N")[..8];
        const string password = "a long enough password";
        using var http = server.CreateHttpClient();
        var reg = await http.PostAsJsonAsync("/api/auth/register", new { userName, password, displayName = displayName ?? userName });
        await Expect.Status(reg, 201);
        var me = await reg.Content.ReadFromJsonAsync<JsonElement>();
        var login = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
        await Expect.Status(login, 200);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        return new TestUser(server, me.GetProperty("id").GetGuid(), userName, password,
            tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
    }
}

internal sealed class ClockReplacingFactory(TimeProvider clock) : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services) => services;

    public IServiceProvider CreateServiceProvider(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton(clock));
        return services.BuildServiceProvider();
    }
}

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink);
    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
