using Parley.Server;
using Parley.Server.Data;

if (args is ["schema-script", var provider])
{
    Console.Write(SchemaScript.For(provider));
    return;
}

var app = ParleyServer.Build(args);
await app.MigrateParleyDatabaseAsync();
await app.RunAsync();
