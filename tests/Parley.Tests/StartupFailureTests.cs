using System.Diagnostics;
using Npgsql;
using Parley.Server;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// A database that can't be reached or used stops the built server at start with one line on stderr naming the
/// settings to check, and a non-zero exit status: what an operator reads in the journal, not a stack trace.
/// </summary>
public sealed class StartupFailureTests
{
    [Fact]
    public Task UnreachablePostgres() => ExpectOneLine(
        new() { ["Parley__Database__Provider"] = "postgres", ["ConnectionStrings__Parley"] = "Host=127.0.0.1;Port=1;Username=parley;Password=secret;Database=parley" },
        "the PostgreSQL database can't be used: Failed to connect to 127.0.0.1:1: Connection refused.");

    [Fact]
    public Task MissingPostgresDatabase()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "needs PARLEY_TEST_POSTGRES");
        var cs = new NpgsqlConnectionStringBuilder(ParleyApp.PostgresAdmin) { Database = "parley_missing_" + Guid.NewGuid().ToString("N")[..8] };
        return ExpectOneLine(
            new() { ["Parley__Database__Provider"] = "postgres", ["ConnectionStrings__Parley"] = cs.ToString() },
            $"the PostgreSQL database can't be used: 3D000: database \"{cs.Database}\" does not exist.");
    }

    [Fact]
    public Task PostgresWithoutConnectionString() => ExpectOneLine(
        new() { ["Parley__Database__Provider"] = "postgres" }, "Parley:Database:Provider=postgres needs ConnectionStrings:Parley.");

    [Fact]
    public Task SqliteFileThatIsAFolder()
    {
        var folder = Directory.CreateTempSubdirectory("parley-not-a-file-");
        return ExpectOneLine(new() { ["ConnectionStrings__Parley"] = $"Data Source={folder.FullName}" },
            $"the SQLite database {folder.FullName} can't be used: SQLite Error 14: 'unable to open database file'.", folder);
    }

    [Fact]
    public Task SqliteFolderThatCannotBeMade()
    {
        var folder = Directory.CreateTempSubdirectory("parley-blocked-");
        var file = Path.Combine(folder.FullName, "a-file");
        File.WriteAllText(file, "");
        return ExpectOneLine(new() { ["ConnectionStrings__Parley"] = $"Data Source={file}/parley.db" },
            $"the folder of the SQLite database {file}/parley.db can't be created: The file '{file}' already exists.", folder);
    }

    [Fact]
    public Task RedisWithSqlite() => ExpectOneLine(
        new() { ["Parley__Redis__Configuration"] = "127.0.0.1:1" },
        "Parley:Redis:Configuration is set (several nodes), but the database is SQLite, which one process alone can use.",
        ending: "(env Parley__Database__Provider, ConnectionStrings__Parley), or unset Parley:Redis:Configuration.");

    [Fact]
    public Task UnknownProvider() => ExpectOneLine(
        new() { ["Parley__Database__Provider"] = "postgresql" }, "Parley:Database:Provider is \"postgresql\"; it must be sqlite or postgres.");

    [Fact]
    public Task MetricsAddressThatIsNoUrl() => ExpectOneLine(
        new() { ["Parley__Metrics__Urls"] = "metrics-please" }, "Parley:Metrics:Urls: \"metrics-please\" is not a URL",
        ending: ").");

    [Fact]
    public async Task PortTakenByAnotherProgram()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        await ExpectOneLine(new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}", ["Parley__Metrics__Enabled"] = "false" },
            $"Failed to bind to address http://127.0.0.1:{port}: address already in use",
            ending: "(Urls / ASPNETCORE_URLS for the app, Parley:Metrics:Urls for metrics).", hostLogsItsTrace: true);
    }

    /// <summary>Starts the built server in an empty working directory with <paramref name="env"/> and checks how it ends.</summary>
    private const string DatabaseSettings =
        "Check ConnectionStrings:Parley (env ConnectionStrings__Parley) and Parley:Database:Provider (env Parley__Database__Provider).";

    /// <param name="hostLogsItsTrace">The host logs a failed start with its trace before Program.cs can answer (the line still ends the output).</param>
    private static async Task ExpectOneLine(Dictionary<string, string> env, string expected, DirectoryInfo? cleanUp = null, string ending = DatabaseSettings,
        bool hostLogsItsTrace = false)
    {
        var cwd = Directory.CreateTempSubdirectory("parley-start-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = cwd.FullName, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            start.ArgumentList.Add(typeof(ParleyServer).Assembly.Location);
            foreach (var inherited in new[] { "ConnectionStrings__Parley", "Parley__Database__Provider", "Parley__Redis__Configuration", "ASPNETCORE_URLS" }) start.Environment.Remove(inherited);
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            // A process that lives seconds: the runtime's quick start-up (the server's build turns tiering off for throughput).
            start.Environment["DOTNET_TieredCompilation"] = "1";
            start.Environment["DOTNET_TC_CallCounting"] = "0";
            start.Environment["DOTNET_TieredPGO"] = "0";   // no instrumented code to profile a process that lives seconds
            foreach (var (k, v) in env) start.Environment[k] = v;

            using var server = Process.Start(start)!;
            var stdout = server.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = server.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            try { await server.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                server.Kill(entireProcessTree: true);
                Assert.Fail("The server did not stop:\n" + await stdout);
            }

            var output = await stdout;
            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEqual(0, server.ExitCode);
            var line = Assert.Single(lines);
            Assert.StartsWith("Parley can't start: ", line);
            Assert.Contains(expected, line);
            Assert.EndsWith(ending, line);
            if (!hostLogsItsTrace) Assert.DoesNotContain("   at ", output);
            Assert.DoesNotContain("Unhandled exception", output);
        }
        finally
        {
            cwd.Delete(recursive: true);
            cleanUp?.Delete(recursive: true);
        }
    }
}
