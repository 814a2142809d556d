using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// A search's first look walks each of the reader's rooms newest first and merges them (PostgresMessageSearch):
    /// a pair of common words ("is the") that is rare as a phrase read every message holding both words through GIN
    /// before. Nothing else reads messages by room in time order, so history keeps (room_id, seq).
    /// </summary>
    public partial class SearchRoomTimeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_messages_room_id_created_at ON messages (room_id, created_at DESC, id DESC);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_messages_room_id_created_at;");
        }
    }
}
