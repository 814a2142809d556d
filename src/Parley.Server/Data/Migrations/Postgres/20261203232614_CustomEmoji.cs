using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CustomEmoji : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "custom_emoji",
                table: "server_settings",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "custom_emoji",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    content_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    image = table.Column<byte[]>(type: "bytea", nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_custom_emoji", x => x.id);
                    table.ForeignKey(
                        name: "fk_custom_emoji_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_custom_emoji_created_by_id",
                table: "custom_emoji",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_custom_emoji_name",
                table: "custom_emoji",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "custom_emoji");

            migrationBuilder.DropColumn(
                name: "custom_emoji",
                table: "server_settings");
        }
    }
}
