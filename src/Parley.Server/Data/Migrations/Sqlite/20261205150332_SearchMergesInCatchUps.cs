using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Sqlite
{
    /// <summary>
    /// FTS5 no longer merges segments on its own as it writes (<c>automerge</c> 0): a write that tipped a level over
    /// merged it there and then, so one catch-up in a hundred took 20 ms or more. Each catch-up now does a fixed amount
    /// of merge work instead (Search/SqliteSearchIndex.cs); FTS5's own crisis merge (16 segments on a level) still
    /// bounds what can pile up.
    /// </summary>
    public partial class SearchMergesInCatchUps : Migration
    {
        private static readonly string[] Tables = ["messages_search", "messages_search_trigram"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var t in Tables) migrationBuilder.Sql($"INSERT INTO {t} ({t}, rank) VALUES ('automerge', 0);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var t in Tables) migrationBuilder.Sql($"INSERT INTO {t} ({t}, rank) VALUES ('automerge', 4);");
        }
    }
}
