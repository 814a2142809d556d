using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Sqlite
{
    /// <summary>
    /// The trigram table keeps no positions (FTS5 detail=none): a search finds the messages holding every trigram of a
    /// term and reads their folded text for the term itself (Search/SqliteMessageSearch.cs, TextFolding.FoldForMatch),
    /// as PostgreSQL's trigram index does. Positions were two thirds of the table, and indexing a message cost ~36 µs against ~26 without
    /// them (docs/benchmarks.md). The table is made again from the messages at or below the mark and merged into one
    /// segment (a catch-up would otherwise pay the merges left over), with automerge off as before
    /// (SearchMergesInCatchUps). The triggers name the table, so they go on as they are.
    /// </summary>
    public partial class SearchTrigramsWithoutPositions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Remake(migrationBuilder, ", detail=none");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Remake(migrationBuilder, "");

        private static void Remake(MigrationBuilder migrationBuilder, string options)
        {
            const string t = "messages_search_trigram";
            migrationBuilder.Sql($"DROP TABLE {t};");
            migrationBuilder.Sql($"CREATE VIRTUAL TABLE {t} USING fts5(text, content='messages', content_rowid='rowid', tokenize='trigram remove_diacritics 1'{options});");
            migrationBuilder.Sql($"INSERT INTO {t} (rowid, text) SELECT rowid, text FROM messages WHERE rowid <= (SELECT last_rowid FROM search_index_state) AND kind = 0 AND deleted_at IS NULL;");
            migrationBuilder.Sql($"INSERT INTO {t} ({t}) VALUES ('optimize');");
            migrationBuilder.Sql($"INSERT INTO {t} ({t}, rank) VALUES ('automerge', 0);");
        }
    }
}
