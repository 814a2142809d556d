using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Sqlite
{
    /// <summary>
    /// Full-text search (Search/SqliteMessageSearch.cs): two FTS5 tables over messages' text, one of whole words
    /// (unicode61) and one of trigrams (text anywhere, CJK), holding readable messages only (kind 0, not deleted),
    /// kept by triggers in the statement's transaction and filled here with the messages already stored.
    /// </summary>
    public partial class Search : Migration
    {
        private static readonly string[] Tables = ["messages_search", "messages_search_trigram"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // External content: the text stays in messages only, the tables hold the index keyed by messages' rowid.
            // Never 'rebuild' them: that would index system lines and deleted messages too.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE messages_search USING fts5(text, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE messages_search_trigram USING fts5(text, content='messages', content_rowid='rowid', tokenize='trigram remove_diacritics 1');");
            foreach (var t in Tables)
                migrationBuilder.Sql($"INSERT INTO {t} (rowid, text) SELECT rowid, text FROM messages WHERE kind = 0 AND deleted_at IS NULL;");

            string Add(string row) => string.Concat(Tables.Select(t =>
                $"INSERT INTO {t} (rowid, text) SELECT {row}.rowid, {row}.text WHERE {row}.kind = 0 AND {row}.deleted_at IS NULL;\n"));
            // Removing needs the very text that was indexed, so it always runs before the new text is added (one trigger, in order).
            string Remove(string row) => string.Concat(Tables.Select(t =>
                $"INSERT INTO {t} ({t}, rowid, text) SELECT 'delete', {row}.rowid, {row}.text WHERE {row}.kind = 0 AND {row}.deleted_at IS NULL;\n"));
            migrationBuilder.Sql($"CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN\n{Add("new")}END;");
            migrationBuilder.Sql($"CREATE TRIGGER messages_search_update AFTER UPDATE OF text, kind, deleted_at ON messages BEGIN\n{Remove("old")}{Add("new")}END;");
            migrationBuilder.Sql($"CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN\n{Remove("old")}END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "insert", "update", "delete" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS messages_search_{trigger};");
            foreach (var t in Tables)
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {t};");
        }
    }
}
