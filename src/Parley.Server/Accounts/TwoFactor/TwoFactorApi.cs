using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts.TwoFactor;

public sealed record TwoFactorCodeRequest(string? Code);
public sealed record TwoFactorPasswordRequest(string? Password);
public sealed record TwoFactorSignInRequest(string? Challenge, string? Code, string? RecoveryCode);
public sealed record TwoFactorChallengeRequest(string? Challenge);
public sealed record TwoFactorSetupConfirmRequest(string? Challenge, string? Code);

/// <summary>/api/me/2fa (enrolment, signed in) and the sign-in's second step under /api/auth, over <see cref="TwoFactorService"/>.</summary>
public static class TwoFactorApi
{
    public static void MapTwoFactor(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me/2fa").WithTags("Users").RequireAuthorization();
        me.MapGet("/", Status).WithName("GetTwoFactor");
        // What checks a code or a password is rate-limited as sign-in is; reading the status is not.
        me.MapPost("/setup", Setup).WithName("SetUpTwoFactor").WithSummary("A new pending authenticator secret, with its QR code.")
            .RequireRateLimiting(RateLimits.AuthPolicy);
        me.MapPost("/confirm", Confirm).WithName("ConfirmTwoFactor").WithSummary("Turn two-factor on with a first code; returns the recovery codes.")
            .RequireRateLimiting(RateLimits.AuthPolicy);
        me.MapPost("/disable", Disable).WithName("DisableTwoFactor").WithSummary("Turn two-factor off (needs the password).")
            .RequireRateLimiting(RateLimits.AuthPolicy);
        me.MapPost("/recovery-codes", RenewRecoveryCodes).WithName("RenewRecoveryCodes").WithSummary("A new set of recovery codes (needs the password).")
            .RequireRateLimiting(RateLimits.AuthPolicy);

        var auth = app.MapGroup("/api/auth").WithTags("Auth").RequireRateLimiting(RateLimits.AuthPolicy);
        auth.MapPost("/login/2fa", SignIn).WithName("LoginTwoFactor").WithSummary("The sign-in's second step: the challenge and a code or recovery code.");
        auth.MapPost("/2fa/setup", RequiredSetup).WithName("SetUpRequiredTwoFactor").WithSummary("Enrolment the server requires, at sign-in.");
        auth.MapPost("/2fa/setup/confirm", RequiredConfirm).WithName("ConfirmRequiredTwoFactor")
            .WithSummary("Confirm the required enrolment and sign in; the answer adds the recovery codes.");
    }

    private static async Task<Ok<TwoFactorStatusDto>> Status(HttpContext http, TwoFactorService twoFactor, CancellationToken ct) =>
        TypedResults.Ok(await twoFactor.StatusAsync(http.User.UserId(), ct));

    private static async Task<Ok<TwoFactorSetupDto>> Setup(HttpContext http, TwoFactorService twoFactor, CancellationToken ct) =>
        TypedResults.Ok(await twoFactor.BeginAsync(http.User.UserId(), ct));

    private static async Task<Ok<RecoveryCodesDto>> Confirm(TwoFactorCodeRequest req, HttpContext http, TwoFactorService twoFactor, CancellationToken ct) =>
        TypedResults.Ok(new RecoveryCodesDto(await twoFactor.ConfirmAsync(http.User.UserId(), req.Code, http.Connection.RemoteIpAddress, ct)));

    private static async Task<NoContent> Disable(TwoFactorPasswordRequest req, HttpContext http, TwoFactorService twoFactor, CancellationToken ct)
    {
        await twoFactor.DisableAsync(http.User.UserId(), req.Password, http.Connection.RemoteIpAddress, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RecoveryCodesDto>> RenewRecoveryCodes(TwoFactorPasswordRequest req, HttpContext http, TwoFactorService twoFactor,
        CancellationToken ct) =>
        TypedResults.Ok(new RecoveryCodesDto(await twoFactor.RenewRecoveryCodesAsync(http.User.UserId(), req.Password, http.Connection.RemoteIpAddress, ct)));

    /// <summary>Answers as login does: the MeDto with a cookie, or the bearer tokens (written by the bearer handler).</summary>
    private static async Task<Results<EmptyHttpResult, Ok<MeDto>>> SignIn(TwoFactorSignInRequest req, bool? useCookies, HttpContext http,
        TwoFactorService twoFactor, SignInDoor door, CancellationToken ct)
    {
        var (user, method, cookies) = await twoFactor.CompleteSignInAsync(req.Challenge, req.Code, req.RecoveryCode, useCookies,
            http.Connection.RemoteIpAddress, ct);
        await door.CompleteAsync(user, method, cookies, http);
        return cookies ? TypedResults.Ok(MeDto.From(user)) : TypedResults.Empty;
    }

    private static async Task<Ok<TwoFactorSetupDto>> RequiredSetup(TwoFactorChallengeRequest req, TwoFactorService twoFactor, CancellationToken ct) =>
        TypedResults.Ok(await twoFactor.BeginRequiredAsync(req.Challenge, ct));

    /// <summary>
    /// The login answer plus <c>recoveryCodes</c>: for a cookie the MeDto's fields, for bearer the tokens' (the handler
    /// writes those itself, so they are caught here and the codes added).
    /// </summary>
    private static async Task<JsonHttpResult<JsonObject>> RequiredConfirm(TwoFactorSetupConfirmRequest req, bool? useCookies, HttpContext http,
        TwoFactorService twoFactor, SignInDoor door, CancellationToken ct)
    {
        var (user, codes, cookies) = await twoFactor.ConfirmRequiredAsync(req.Challenge, req.Code, useCookies, http.Connection.RemoteIpAddress, ct);
        JsonObject body;
        if (cookies)
        {
            await door.CompleteAsync(user, "pwd+totp", true, http);
            body = (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(MeDto.From(user), System.Text.Json.JsonSerializerOptions.Web)!;
        }
        else
        {
            var original = http.Response.Body;
            using var tokens = new MemoryStream();
            http.Response.Body = tokens;
            try { await door.CompleteAsync(user, "pwd+totp", false, http); }
            finally { http.Response.Body = original; }
            body = (JsonObject)JsonNode.Parse(tokens.ToArray())!;
        }
        body["recoveryCodes"] = new JsonArray(codes.Select(c => (JsonNode)c!).ToArray());
        return TypedResults.Json(body);
    }
}
