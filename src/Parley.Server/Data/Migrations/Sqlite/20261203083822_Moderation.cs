using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Moderation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "server_role",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "timed_out_until",
                table: "users",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "archived_at",
                table: "rooms",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "invite_policy",
                table: "rooms",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "read_only",
                table: "rooms",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "slow_mode_seconds",
                table: "rooms",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "deleted_by_id",
                table: "messages",
                type: "TEXT",
                nullable: true);

            // A server upgraded from before roles gets its oldest account as owner, as a fresh one gets its first.
            migrationBuilder.Sql("UPDATE users SET server_role = 4 WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1);");

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    actor_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    target_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    room_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    message_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false, defaultValue: ""),
                    details = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "invite_links",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    max_uses = table.Column<int>(type: "INTEGER", nullable: true),
                    uses = table.Column<int>(type: "INTEGER", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invite_links", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    message_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    room_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reporter_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reported_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    state = table.Column<int>(type: "INTEGER", nullable: false),
                    handled_by_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    handled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false, defaultValue: "")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "room_sanctions",
                columns: table => new
                {
                    room_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_room_sanctions", x => new { x.room_id, x.user_id, x.kind });
                    table.ForeignKey(
                        name: "fk_room_sanctions_rooms_room_id",
                        column: x => x.room_id,
                        principalTable: "rooms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_room_sanctions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "server_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    registration_mode = table.Column<int>(type: "INTEGER", nullable: true),
                    max_upload_bytes = table.Column<long>(type: "INTEGER", nullable: true),
                    max_message_length = table.Column<int>(type: "INTEGER", nullable: true),
                    default_notification_level = table.Column<int>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_by_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_server_settings", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_action_id",
                table: "audit_log",
                columns: new[] { "action", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_actor_id_id",
                table: "audit_log",
                columns: new[] { "actor_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_target_user_id_id",
                table: "audit_log",
                columns: new[] { "target_user_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_invite_links_created_at",
                table: "invite_links",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_invite_links_token_hash",
                table: "invite_links",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reports_message_id_reporter_id",
                table: "reports",
                columns: new[] { "message_id", "reporter_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reports_state_created_at",
                table: "reports",
                columns: new[] { "state", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_room_sanctions_expires_at",
                table: "room_sanctions",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_room_sanctions_user_id",
                table: "room_sanctions",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "invite_links");

            migrationBuilder.DropTable(
                name: "reports");

            migrationBuilder.DropTable(
                name: "room_sanctions");

            migrationBuilder.DropTable(
                name: "server_settings");

            migrationBuilder.DropColumn(
                name: "server_role",
                table: "users");

            migrationBuilder.DropColumn(
                name: "timed_out_until",
                table: "users");

            migrationBuilder.DropColumn(
                name: "archived_at",
                table: "rooms");

            migrationBuilder.DropColumn(
                name: "invite_policy",
                table: "rooms");

            migrationBuilder.DropColumn(
                name: "read_only",
                table: "rooms");

            migrationBuilder.DropColumn(
                name: "slow_mode_seconds",
                table: "rooms");

            migrationBuilder.DropColumn(
                name: "deleted_by_id",
                table: "messages");
        }
    }
}
