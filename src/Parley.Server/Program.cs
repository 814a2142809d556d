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
try { await app.StartAsync(); }
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // Another Parley (or anything) on the port: say which setting moves it, not a stack trace.
    Console.Error.WriteLine($"Parley can't start: {e.Message.TrimEnd('.')}. Stop what holds it, or choose another address (Urls / ASPNETCORE_URLS for the app, Parley:Metrics:Urls for metrics).");
    return 1;
}
await app.WaitForShutdownAsync();
return 0;
