using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportSnapshot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "message_text",
                table: "reports",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Reports filed before this keep the text their message has now, the closest there is to what was reported.
            migrationBuilder.Sql("UPDATE reports SET message_text = COALESCE((SELECT text FROM messages WHERE messages.id = reports.message_id), '');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "message_text",
                table: "reports");
        }
    }
}
