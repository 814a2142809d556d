using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;

namespace Parley.Server.Administration;

/// <summary>GET /api/server for anyone; GET and PATCH /api/admin/settings for admins.</summary>
public static class ServerSettingsApi
{
    public static void MapServerSettings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/server", GetPublic).WithTags("Server").AllowAnonymous().WithName("GetServer")
            .WithSummary("The server's name, how to register and its limits: for anyone, signed in or not.");
        var admin = app.MapGroup("/api/admin/settings").WithTags("Administration").RequireAuthorization();
        admin.MapGet("/", Get).WithName("GetServerSettings");
        admin.MapPatch("/", Update).WithName("UpdateServerSettings").WithSummary("Change run-time settings; absent fields stay.");
    }

    private static async Task<Ok<PublicServerDto>> GetPublic(ServerSettingsStore store, Microsoft.Extensions.Options.IOptions<Email.EmailOptions> email,
        Microsoft.Extensions.Options.IOptionsMonitor<Accounts.SingleSignOn.SsoOptions> sso, CancellationToken ct) =>
        TypedResults.Ok(PublicServerDto.From(await store.GetAsync(ct), email.Value.Enabled) with
        {
            Sso = [.. sso.CurrentValue.Providers.Select(p => new Accounts.SingleSignOn.SsoProviderDto(p.Key, p.Value.DisplayName ?? p.Key))],
            SsoOnly = sso.CurrentValue.Only,
        });

    private static async Task<Ok<ServerSettingsDto>> Get(HttpContext http, ServerSettingsService settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.GetAsync(http.User.UserId(), ct));

    private static async Task<Results<Ok<ServerSettingsDto>, ValidationProblem>> Update(UpdateServerSettingsRequest req, HttpContext http,
        ServerSettingsService settings, CancellationToken ct)
    {
        // Who may comes first: a member is told "not allowed", not which of their values was wrong.
        await settings.GetAsync(http.User.UserId(), ct);
        return ServerSettingsRules.Problems(req) is { } problem ? problem : TypedResults.Ok(await settings.UpdateAsync(http.User.UserId(), req, ct));
    }
}
