using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Sqlite
{
    /// <summary>
    /// New messages enter the FTS5 tables in catch-ups (Search/SqliteSearchIndex.cs) instead of at every group commit:
    /// FTS5 writes a segment in each table at every commit that adds to it, whatever it holds. <c>search_index_state</c>
    /// holds the mark: every readable message at or below <c>last_rowid</c> is indexed, none above (here: all of them,
    /// as each batch was). The edit and delete triggers now touch the tables only for rows at or below the mark, and a
    /// delete lowers the mark to the newest row left, as SQLite may give a deleted last row's rowid to the next one.
    /// </summary>
    public partial class SearchIndexCatchesUp : Migration
    {
        private static readonly string[] Tables = ["messages_search", "messages_search_trigram"];
        private const string Mark = "(SELECT last_rowid FROM search_index_state)";
        private const string Newest = "coalesce((SELECT max(rowid) FROM messages), 0)";

        private static string Add(string row, string when = "") => string.Concat(Tables.Select(t =>
            $"INSERT INTO {t} (rowid, text) SELECT {row}.rowid, {row}.text WHERE {row}.kind = 0 AND {row}.deleted_at IS NULL{when};\n"));

        private static string Remove(string row, string when = "") => string.Concat(Tables.Select(t =>
            $"INSERT INTO {t} ({t}, rowid, text) SELECT 'delete', {row}.rowid, {row}.text WHERE {row}.kind = 0 AND {row}.deleted_at IS NULL{when};\n"));

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE TABLE search_index_state (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), last_rowid INTEGER NOT NULL);");
            migrationBuilder.Sql($"INSERT INTO search_index_state (id, last_rowid) VALUES (1, {Newest});");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS messages_search_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS messages_search_delete;");
            // Removing needs the very text that was indexed, so it runs before the new text is added (one trigger, in order).
            migrationBuilder.Sql($"CREATE TRIGGER messages_search_update AFTER UPDATE OF text, kind, deleted_at ON messages WHEN old.rowid <= {Mark} BEGIN\n{Remove("old")}{Add("new")}END;");
            migrationBuilder.Sql($"CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN\n{Remove("old", $" AND old.rowid <= {Mark}")}"
                + $"UPDATE search_index_state SET last_rowid = {Newest} WHERE last_rowid > {Newest};\nEND;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // What is past the mark goes in first: before this, every commit indexed its own messages.
            foreach (var t in Tables)
                migrationBuilder.Sql($"INSERT INTO {t} (rowid, text) SELECT rowid, text FROM messages WHERE rowid > {Mark} AND kind = 0 AND deleted_at IS NULL;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS messages_search_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS messages_search_delete;");
            migrationBuilder.Sql("DROP TABLE search_index_state;");
            migrationBuilder.Sql($"CREATE TRIGGER messages_search_update AFTER UPDATE OF text, kind, deleted_at ON messages BEGIN\n{Remove("old")}{Add("new")}END;");
            migrationBuilder.Sql($"CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN\n{Remove("old")}END;");
        }
    }
}
