using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SlowModeFromMembers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "last_sent_at",
                table: "room_members",
                type: "timestamp with time zone",
                nullable: true);

            // Each member's last message, found on the index before it goes, so slow mode holds across the upgrade.
            migrationBuilder.Sql("""
                UPDATE room_members SET last_sent_at = (SELECT m.created_at FROM messages m
                    WHERE m.room_id = room_members.room_id AND m.sender_id = room_members.user_id AND m.kind = 0
                    ORDER BY m.seq DESC LIMIT 1);
                """);

            migrationBuilder.DropIndex(
                name: "ix_messages_room_id_sender_id_seq",
                table: "messages");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "last_sent_at",
                table: "room_members");

            migrationBuilder.CreateIndex(
                name: "ix_messages_room_id_sender_id_seq",
                table: "messages",
                columns: new[] { "room_id", "sender_id", "seq" });
        }
    }
}
