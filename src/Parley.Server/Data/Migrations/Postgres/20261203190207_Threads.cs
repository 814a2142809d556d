using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Threads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "also_to_room",
                table: "messages",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "thread_last_reply_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "thread_participants",
                table: "messages",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "thread_reply_count",
                table: "messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "thread_root_id",
                table: "messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "thread_follows",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    root_id = table.Column<Guid>(type: "uuid", nullable: false),
                    room_id = table.Column<Guid>(type: "uuid", nullable: false),
                    following = table.Column<bool>(type: "boolean", nullable: false),
                    last_read_seq = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_thread_follows", x => new { x.user_id, x.root_id });
                    table.ForeignKey(
                        name: "fk_thread_follows_messages_root_id",
                        column: x => x.root_id,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_thread_follows_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_messages_thread_root_id_seq",
                table: "messages",
                columns: new[] { "thread_root_id", "seq" });

            migrationBuilder.CreateIndex(
                name: "ix_thread_follows_root_id",
                table: "thread_follows",
                column: "root_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "thread_follows");

            migrationBuilder.DropIndex(
                name: "ix_messages_thread_root_id_seq",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "also_to_room",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "thread_last_reply_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "thread_participants",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "thread_reply_count",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "thread_root_id",
                table: "messages");
        }
    }
}
