using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// parley_search_fold without STRICT, so PostgreSQL inlines it: a strict SQL function whose body is not strict (a
    /// CASE) is never inlined, and each call then went through the SQL-function executor, its body parsed and planned
    /// again for every statement that folds (each message INSERT, twice: the tsvector and the trigram index; every
    /// ANALYZE, once a sampled row; every search that rechecks a row). Same body, same results (a null still folds to
    /// null), so nothing built from it is rebuilt.
    /// </summary>
    public partial class SearchFoldInlines : Migration
    {
        private const string Body = """
            AS $$ SELECT CASE WHEN t ~ '[^\x01-\x7f]'
                THEN normalize(lower(translate(regexp_replace(normalize(t, NFD), '[\u0300-\u036f]', '', 'g'), 'øØłŁđĐı', 'oOlLdDi')), NFC)
                ELSE lower(t) END $$;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("CREATE OR REPLACE FUNCTION parley_search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE\n" + Body);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("CREATE OR REPLACE FUNCTION parley_search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE\n" + Body);
    }
}
