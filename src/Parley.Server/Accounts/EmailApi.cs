using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>
/// The e-mail flows: verify an address, reset a forgotten password (anonymous, rate-limited like sign-in), and set or
/// re-verify one's own address. With e-mail off (no Parley:Email:Host) each answers 404 email_disabled.
/// </summary>
public static class EmailApi
{
    public static void MapEmail(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").RequireRateLimiting(RateLimits.AuthPolicy);
        auth.MapPost("/verify-email", Verify).WithName("VerifyEmail").WithSummary("Verify an address with the token of its mailed link (once, 24 h).");
        auth.MapPost("/resend-verification", ResendForSignIn).WithName("ResendVerification")
            .WithSummary("Mail a new verification link to an account whose sign-in waits for it (needs the password).");
        auth.MapPost("/forgot-password", Forgot).WithName("ForgotPassword")
            .WithSummary("Mail a reset link to the verified address of the account named (always 202).");
        auth.MapPost("/reset-password", Reset).WithName("ResetPassword")
            .WithSummary("Set a new password with the token of a mailed reset link (once, 1 h); ends every session.");

        var me = app.MapGroup("/api/me/email").WithTags("Users").RequireAuthorization().RequireRateLimiting(RateLimits.AuthPolicy);
        me.MapPut("/", Change).WithName("ChangeEmail").WithSummary("Set or change one's address (needs the password); a verification link is mailed.");
        me.MapPost("/resend", Resend).WithName("ResendEmailVerification").WithSummary("Mail a new verification link to one's unverified address.");
    }

    private static async Task<NoContent> Verify(VerifyEmailRequest req, EmailAddressService addresses)
    {
        await addresses.VerifyAsync(req);
        return TypedResults.NoContent();
    }

    private static async Task<Accepted> ResendForSignIn(ResendVerificationRequest req, HttpRequest request, EmailAddressService addresses)
    {
        await addresses.ResendForSignInAsync(req, request);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Accepted> Forgot(ForgotPasswordRequest req, HttpRequest request, PasswordResetService resets)
    {
        await resets.ForgotAsync(req, request);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<NoContent> Reset(ResetPasswordRequest req, PasswordResetService resets)
    {
        await resets.ResetAsync(req);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MeDto>> Change(ChangeEmailRequest req, HttpRequest request, EmailAddressService addresses) =>
        TypedResults.Ok(await addresses.ChangeAsync(request.HttpContext.User.UserId(), req, request));

    private static async Task<Accepted> Resend(HttpRequest request, EmailAddressService addresses)
    {
        await addresses.ResendAsync(request.HttpContext.User.UserId(), request);
        return TypedResults.Accepted((string?)null);
    }
}
