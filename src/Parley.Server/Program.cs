using Parley.Server;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

if (args is ["schema-script", var provider])
{
    Console.Write(SchemaScript.For(provider));
    return 0;
}

WebApplication app;
try
{
    app = ParleyServer.Build([.. WebClient.PublishedContentRoot(), .. args]);
    // Measured (docs/benchmarks.md): the framework's precompiled code is never re-optimised with tiered compilation off.
    if (Environment.GetEnvironmentVariable("DOTNET_ReadyToRun") != "0")
        app.Logger.LogInformation("Running on the framework's precompiled (ReadyToRun) code: DOTNET_ReadyToRun=0 gives 15-40 % more messages per second for about 2 s more start-up");
    await app.MigrateParleyDatabaseAsync();
}
catch (Exception e) when (e is DatabaseUnusableException or StartupFailure)
{
    // One line that says what to fix: the database driver's stack trace would bury it.
    Console.Error.WriteLine(e.Message);
    return 1;
}
await app.RunAsync();
return 0;
