using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Parley.Server.Data;

/// <summary>
/// `dotnet run --project src/Parley.Server -- schema-script sqlite|postgres` prints the SQL of every EF migration of that
/// provider, from an empty database (for a DBA who applies the schema by hand; the app migrates by itself at start-up).
/// </summary>
public static class SchemaScript
{
    public static string For(string provider)
    {
        IDesignTimeDbContextFactory<ParleyDb> factory = provider == "postgres" ? new PostgresParleyDbFactory() : new SqliteParleyDbFactory();
        using var db = factory.CreateDbContext([]);
        return db.GetService<IMigrator>().GenerateScript();
    }
}
