using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts.Passkeys;

/// <summary>/api/me/passkeys (signed in) and /api/auth/passkey (sign-in) over <see cref="PasskeyService"/>.</summary>
public static class PasskeysApi
{
    public static void AddParleyPasskeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PasskeyOptions>().BindConfiguration("Parley:Auth:Passkeys");
        builder.Services.AddSingleton<PasskeyCeremonyTokens>();
        builder.Services.AddSingleton<PasskeyRelyingParty>();
        builder.Services.AddScoped<PasskeyService>();
    }

    public static void MapPasskeys(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me/passkeys").WithTags("Passkeys").RequireAuthorization();
        me.MapGet("/", List).WithName("ListPasskeys");
        me.MapPost("/options", RegistrationOptions).WithName("PasskeyRegistrationOptions")
            .WithSummary("Options for navigator.credentials.create, and the token to send back with its answer.");
        me.MapPost("/", Add).WithName("AddPasskey").WithSummary("Register the passkey the browser made from the options.");
        me.MapPatch("/{id:guid}", Rename).WithName("RenamePasskey");
        me.MapDelete("/{id:guid}", Remove).WithName("RemovePasskey");

        var auth = app.MapGroup("/api/auth/passkey").WithTags("Auth").RequireRateLimiting(RateLimits.AuthPolicy);
        auth.MapPost("/options", SignInOptions).WithName("PasskeySignInOptions")
            .WithSummary("Options for navigator.credentials.get (discoverable passkeys), and the token to send back with its answer.");
        auth.MapPost("/", SignIn).WithName("PasskeySignIn").WithSummary("Sign in with a passkey: bearer tokens, or a cookie with ?useCookies=true.");
    }

    private static async Task<Ok<List<PasskeyDto>>> List(HttpContext http, PasskeyService passkeys, CancellationToken ct) =>
        TypedResults.Ok(await passkeys.ListAsync(http.User.UserId(), ct));

    private static async Task<Ok<PasskeyOptionsDto>> RegistrationOptions(HttpContext http, PasskeyService passkeys, CancellationToken ct) =>
        TypedResults.Ok(await passkeys.RegistrationOptionsAsync(http.User.UserId(), http.Request, ct));

    private static async Task<Created<PasskeyDto>> Add(AddPasskeyRequest req, HttpContext http, PasskeyService passkeys, CancellationToken ct)
    {
        var passkey = await passkeys.AddAsync(http.User.UserId(), req, http.Request, ct);
        return TypedResults.Created($"/api/me/passkeys/{passkey.Id}", passkey);
    }

    private static async Task<Ok<PasskeyDto>> Rename(Guid id, RenamePasskeyRequest req, HttpContext http, PasskeyService passkeys, CancellationToken ct) =>
        TypedResults.Ok(await passkeys.RenameAsync(http.User.UserId(), id, req, ct));

    private static async Task<NoContent> Remove(Guid id, HttpContext http, PasskeyService passkeys, CancellationToken ct)
    {
        await passkeys.RemoveAsync(http.User.UserId(), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PasskeyOptionsDto>> SignInOptions(HttpContext http, PasskeyService passkeys, CancellationToken ct) =>
        TypedResults.Ok(await passkeys.SignInOptionsAsync(http.Request, ct));

    private static async Task<Results<EmptyHttpResult, Ok<MeDto>>> SignIn(PasskeySignInRequest req, bool? useCookies, HttpContext http, PasskeyService passkeys)
    {
        var me = await passkeys.SignInAsync(req, useCookies == true, http);
        // For bearer sign-in the handler has already written {tokenType, accessToken, expiresIn, refreshToken}.
        return useCookies == true ? TypedResults.Ok(me) : TypedResults.Empty;
    }
}
