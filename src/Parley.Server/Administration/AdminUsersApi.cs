using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Parley.Server.Accounts;
using Parley.Server.Infrastructure;

namespace Parley.Server.Administration;

/// <summary>/api/admin/users over <see cref="UserAdministration"/>.</summary>
public static class AdminUsersApi
{
    public static void MapAdminUsers(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/admin/users").WithTags("Administration").RequireAuthorization();
        users.MapGet("/", List).WithName("AdminListUsers").WithSummary("Accounts, newest first; ?before= the last id of the previous page.");
        users.MapPost("/", Create).WithName("AdminCreateUser").WithSummary("Create an account, whatever the registration mode.");
        users.MapPut("/{id:guid}/role", SetRole).WithName("SetServerRole");
        users.MapPost("/{id:guid}/deactivate", Deactivate).WithName("DeactivateUser").WithSummary("Sign-in refused, every session and connection ended.");
        users.MapPost("/{id:guid}/reactivate", Reactivate).WithName("ReactivateUser");
        users.MapPost("/{id:guid}/sessions/end", EndSessions).WithName("EndUserSessions").WithSummary("Every session and connection ended; the account stays.");
    }

    private static async Task<Ok<List<AdminUserDto>>> List(string? q, string? role, bool? deactivated, Guid? before, int? limit, HttpContext http,
        UserAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(http.User.UserId(), q, role, deactivated, before, limit, ct));

    private static async Task<Results<Created<AdminUserDto>, ValidationProblem>> Create(CreateUserRequest req, HttpContext http, UserAdministration admin,
        IOptions<AuthOptions> auth, CancellationToken ct)
    {
        await admin.RequireAsync(http.User.UserId(), ct);   // members hear "not allowed", not what was wrong
        // The same rules as sign-up, every bad field at once.
        if (Problems.Fields(
                ("userName", AccountRules.UserNameProblem(req.UserName)),
                ("password", AccountRules.PasswordProblem(req.Password, req.UserName, req.DisplayName, auth.Value.MinPasswordScore)),
                ("displayName", AccountRules.LineProblem(req.DisplayName, "Display name", AccountRules.MaxDisplayName, required: false)))
            is { } problem)
            return problem;
        var user = await admin.CreateAsync(http.User.UserId(), req, ct);
        return TypedResults.Created($"/api/users/{user.Id}", user);
    }

    private static async Task<Ok<AdminUserDto>> SetRole(Guid id, SetServerRoleRequest req, HttpContext http, UserAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.SetRoleAsync(http.User.UserId(), id, req, ct));

    private static async Task<NoContent> Deactivate(Guid id, HttpContext http, UserAdministration admin, CancellationToken ct)
    {
        await admin.DeactivateAsync(http.User.UserId(), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Reactivate(Guid id, HttpContext http, UserAdministration admin, CancellationToken ct)
    {
        await admin.ReactivateAsync(http.User.UserId(), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> EndSessions(Guid id, HttpContext http, UserAdministration admin, CancellationToken ct)
    {
        await admin.EndSessionsAsync(http.User.UserId(), id, ct);
        return TypedResults.NoContent();
    }
}
