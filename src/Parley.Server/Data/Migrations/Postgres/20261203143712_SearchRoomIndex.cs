using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// A search ANDs its text index's matches with the reader's rooms as bitmaps (PostgresMessageSearch). The rooms'
    /// bitmap came from ix_messages_room_id_seq, 39 MB at a million messages: reading 50 rooms' entries cost 7–13 ms of
    /// a 12–17 ms search. An index on room_id alone is deduplicated into one posting list per room (7 MB): half that.
    /// ANALYZE gives the planner the search column's word statistics, which SearchSpeed's rebuilt column lacked
    /// until autovacuum came round.
    /// </summary>
    public partial class SearchRoomIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_messages_room_id ON messages (room_id);");
            migrationBuilder.Sql("ANALYZE messages;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_messages_room_id;");
        }
    }
}
