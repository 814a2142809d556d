using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// Pins on the message row, saved messages, edit history (issue 21), and a room's messages in time order
    /// (ix_messages_room_id_created_at: jump to date, and PostgreSQL search walking the reader's rooms newest first).
    /// </summary>
    public partial class Pins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "members_may_pin",
                table: "rooms",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "pinned_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "pinned_by_id",
                table: "messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "message_versions",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    edited_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_versions", x => new { x.message_id, x.version });
                    table.ForeignKey(
                        name: "fk_message_versions_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "saved_messages",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    room_id = table.Column<Guid>(type: "uuid", nullable: false),
                    saved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_messages", x => new { x.user_id, x.message_id });
                    table.ForeignKey(
                        name: "fk_saved_messages_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_saved_messages_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_messages_room_id_created_at",
                table: "messages",
                columns: new[] { "room_id", "created_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_messages_room_id_pinned_at",
                table: "messages",
                columns: new[] { "room_id", "pinned_at" },
                filter: "pinned_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_saved_messages_message_id",
                table: "saved_messages",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_saved_messages_user_id_saved_at_message_id",
                table: "saved_messages",
                columns: new[] { "user_id", "saved_at", "message_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "message_versions");

            migrationBuilder.DropTable(
                name: "saved_messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_room_id_created_at",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_room_id_pinned_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "members_may_pin",
                table: "rooms");

            migrationBuilder.DropColumn(
                name: "pinned_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "pinned_by_id",
                table: "messages");
        }
    }
}
