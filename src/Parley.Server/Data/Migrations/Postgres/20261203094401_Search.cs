using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// Full-text search (Search/PostgresMessageSearch.cs): a generated tsvector of readable messages (kind 0, not
    /// deleted) with a GIN index, and a pg_trgm GIN index of their folded text. Generated in the row itself, so
    /// every insert, edit and delete updates them in its own transaction, and adding the column indexes the
    /// messages already stored. Folding is lower() and accents removed by a fixed table (no unaccent needed).
    /// </summary>
    public partial class Search : Migration
    {
        /// <summary>The column and indexes built from parley_search_fold (SearchSpeed rebuilds them when it changes).</summary>
        internal static readonly string[] Indexes =
        [
            """
            ALTER TABLE messages ADD COLUMN search_words tsvector GENERATED ALWAYS AS
            (CASE WHEN kind = 0 AND deleted_at IS NULL THEN to_tsvector('simple'::regconfig, parley_search_fold(text)) END) STORED;
            """,
            "CREATE INDEX ix_messages_search_words ON messages USING gin (search_words);",
            "CREATE INDEX ix_messages_search_trigram ON messages USING gin (parley_search_fold(text) gin_trgm_ops) WHERE kind = 0 AND deleted_at IS NULL;",
        ];

        internal const string DropIndexes = "DROP INDEX IF EXISTS ix_messages_search_trigram; DROP INDEX IF EXISTS ix_messages_search_words; ALTER TABLE messages DROP COLUMN IF EXISTS search_words;";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("""
                CREATE FUNCTION parley_search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $$ SELECT translate(lower(t), 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳøØłŁđĐı', 'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyyoollddi') $$;
                """);
            foreach (var sql in Indexes) migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DropIndexes);
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS parley_search_fold(text);");
        }
    }
}
