using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Sqlite
{
    /// <summary>
    /// New messages are added to the FTS5 tables by the group commit itself, with one statement per table for the whole
    /// batch (Search/SqliteSearchIndex.cs), instead of by a trigger per row: every statement that writes an FTS5 table
    /// inside a transaction opens a savepoint, and FTS5 writes its pending terms out as a new segment at each one, so
    /// the trigger made a segment per message (and merged them all). Edits and deletes keep their triggers.
    /// </summary>
    public partial class SearchIndexedPerBatch : Migration
    {
        private static readonly string[] Tables = ["messages_search", "messages_search_trigram"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS messages_search_insert;");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            var add = string.Concat(Tables.Select(t =>
                $"INSERT INTO {t} (rowid, text) SELECT new.rowid, new.text WHERE new.kind = 0 AND new.deleted_at IS NULL;\n"));
            migrationBuilder.Sql($"CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN\n{add}END;");
        }
    }
}
