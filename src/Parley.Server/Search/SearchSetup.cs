using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Search;

public static class SearchSetup
{
    /// <summary>The message index of the database in use, and the search service over it.</summary>
    public static void AddParleySearch(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PostgresSearchStatistics>();
        builder.Services.AddScoped<IMessageSearch>(sp =>
        {
            var db = sp.GetRequiredService<ParleyDb>();
            return db.Database.IsNpgsql() ? new PostgresMessageSearch(db, sp.GetRequiredService<PostgresSearchStatistics>()) : new SqliteMessageSearch(db);
        });
        builder.Services.AddScoped<SearchService>();
    }
}
