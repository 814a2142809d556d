using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Calls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    room_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    video = table.Column<bool>(type: "boolean", nullable: false),
                    mode = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    end_reason = table.Column<int>(type: "integer", nullable: true),
                    rev = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calls", x => x.id);
                    table.ForeignKey(
                        name: "fk_calls_rooms_room_id",
                        column: x => x.room_id,
                        principalTable: "rooms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_calls_users_started_by_id",
                        column: x => x.started_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "call_participants",
                columns: table => new
                {
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    participant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    connection_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    joined_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    left_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    muted = table.Column<bool>(type: "boolean", nullable: false),
                    camera_on = table.Column<bool>(type: "boolean", nullable: false),
                    sharing = table.Column<bool>(type: "boolean", nullable: false),
                    server_muted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_participants", x => new { x.call_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_call_participants_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_call_participants_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_call_participants_connection_id",
                table: "call_participants",
                column: "connection_id");

            migrationBuilder.CreateIndex(
                name: "ix_call_participants_expires_at",
                table: "call_participants",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_call_participants_user_id",
                table: "call_participants",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_calls_live_room",
                table: "calls",
                column: "room_id",
                unique: true,
                filter: "ended_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_calls_room_id_started_at",
                table: "calls",
                columns: new[] { "room_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_started_by_id",
                table: "calls",
                column: "started_by_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_participants");

            migrationBuilder.DropTable(
                name: "calls");
        }
    }
}
