using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// Search at a million messages (docs/benchmarks.md): parley_search_fold took ~87 µs a row (translate() through a
    /// 300-letter table), paid on every insert and on every row a trigram search rechecks. Now ASCII text is only
    /// lower()ed and other text loses its accents by NFD, dropping combining marks, and NFC (the same letters
    /// folded, ~1.5 µs a row); the column and indexes built from it are rebuilt. And an index on time, so a search
    /// can read the newest messages first and stop (PostgresMessageSearch).
    /// </summary>
    public partial class SearchSpeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Search.DropIndexes);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION parley_search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $$ SELECT CASE WHEN t ~ '[^\x01-\x7f]'
                    THEN normalize(lower(translate(regexp_replace(normalize(t, NFD), '[\u0300-\u036f]', '', 'g'), 'øØłŁđĐı', 'oOlLdDi')), NFC)
                    ELSE lower(t) END $$;
                """);
            foreach (var sql in Search.Indexes) migrationBuilder.Sql(sql);
            migrationBuilder.Sql("CREATE INDEX ix_messages_created_at ON messages (created_at DESC, id DESC);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The faster fold stays: it folds every letter the old table did, and more.
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_messages_created_at;");
        }
    }
}
