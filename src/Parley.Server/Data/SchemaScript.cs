using Microsoft.EntityFrameworkCore;

namespace Parley.Server.Data;

/// <summary>
/// `dotnet run --project src/Parley.Server -- schema-script sqlite|postgres` prints the CREATE script EF derives from the model:
/// the starting point for a new hand-written migration (EF's design-time tools are not used).
/// </summary>
public static class SchemaScript
{
    public static string For(string provider)
    {
        var options = new DbContextOptionsBuilder<ParleyDb>();
        if (provider == "postgres") options.UseNpgsql("Host=unused");
        else options.UseSqlite("Data Source=:memory:");
        using var db = new ParleyDb(options.Options);
        return db.Database.GenerateCreateScript();
    }
}
