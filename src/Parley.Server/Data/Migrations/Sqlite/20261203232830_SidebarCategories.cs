using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SidebarCategories : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sidebar_categories",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    collapsed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sidebar_categories", x => x.id);
                    table.ForeignKey(
                        name: "fk_sidebar_categories_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sidebar_rooms",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    room_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    category_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sidebar_rooms", x => new { x.user_id, x.room_id });
                    table.ForeignKey(
                        name: "fk_sidebar_rooms_room_members_room_id_user_id",
                        columns: x => new { x.room_id, x.user_id },
                        principalTable: "room_members",
                        principalColumns: new[] { "room_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sidebar_rooms_sidebar_categories_category_id",
                        column: x => x.category_id,
                        principalTable: "sidebar_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sidebar_categories_built_in",
                table: "sidebar_categories",
                columns: new[] { "user_id", "kind" },
                unique: true,
                filter: "kind <> 3");

            migrationBuilder.CreateIndex(
                name: "ix_sidebar_categories_user_id_position",
                table: "sidebar_categories",
                columns: new[] { "user_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_sidebar_rooms_category_id",
                table: "sidebar_rooms",
                column: "category_id");

            migrationBuilder.CreateIndex(
                name: "ix_sidebar_rooms_room_id_user_id",
                table: "sidebar_rooms",
                columns: new[] { "room_id", "user_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sidebar_rooms");

            migrationBuilder.DropTable(
                name: "sidebar_categories");
        }
    }
}
