using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ThreadIndexRepliesOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_thread_root_id_seq",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_thread_root_id_seq",
                table: "messages",
                columns: new[] { "thread_root_id", "seq" },
                filter: "thread_root_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_thread_root_id_seq",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_thread_root_id_seq",
                table: "messages",
                columns: new[] { "thread_root_id", "seq" });
        }
    }
}
