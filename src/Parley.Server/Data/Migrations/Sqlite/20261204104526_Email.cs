using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Email : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "first_sign_in_at",
                table: "users",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "sign_in_notice",
                table: "user_settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "require_email_verification",
                table: "server_settings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_verified_email",
                table: "users",
                column: "normalized_email",
                unique: true,
                filter: "email_confirmed = TRUE");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_users_verified_email",
                table: "users");

            migrationBuilder.DropColumn(
                name: "first_sign_in_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "sign_in_notice",
                table: "user_settings");

            migrationBuilder.DropColumn(
                name: "require_email_verification",
                table: "server_settings");
        }
    }
}
