using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>/api/auth over <see cref="AccountService"/>, /api/me and /api/users over <see cref="ProfileService"/>.</summary>
public static class AccountsApi
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").RequireRateLimiting(RateLimits.AuthPolicy);
        auth.MapPost("/register", Register).WithName("Register").WithSummary("Create an account.");
        auth.MapPost("/login", Login).WithName("Login").WithSummary("Sign in: bearer tokens, or a cookie with ?useCookies=true.");
        auth.MapPost("/refresh", Refresh).WithName("Refresh").WithSummary("Trade a refresh token for new tokens.");
        app.MapPost("/api/auth/logout", Logout).WithTags("Auth").RequireAuthorization().WithName("Logout")
            .WithSummary("End this session (cookie and tokens); ?everywhere=true ends every session of the account.");

        var api = app.MapGroup("/api").WithTags("Users").RequireAuthorization();
        api.MapGet("/me", GetMe).WithName("GetMe");
        api.MapPatch("/me", UpdateMe).WithName("UpdateMe");
        api.MapPost("/me/deactivate", Deactivate).WithName("DeactivateMe").WithSummary("Close the account (needs the password).")
            .RequireRateLimiting(RateLimits.AuthPolicy);
        api.MapGet("/users", FindUsers).WithName("FindUsers");
        api.MapGet("/users/{id:guid}", GetUser).WithName("GetUser");
    }

    private static async Task<Results<Created<MeDto>, ValidationProblem>> Register(RegisterRequest req, AccountService accounts, HttpContext http,
        EmailVerificationGate verification, EmailAddressService addresses, Microsoft.Extensions.Options.IOptions<Email.EmailOptions> email,
        IOptions<AuthOptions> auth)
    {
        if (SingleSignOn.SsoOnlyRule.On(http)) throw SingleSignOn.SsoOnlyRule.Refusal();
        // Every bad field at once, so the form can mark them all (a ParleyError names one).
        if (Problems.Fields(
                ("userName", AccountRules.UserNameProblem(req.UserName)),
                ("password", AccountRules.PasswordProblem(req.Password, req.UserName, req.DisplayName, auth.Value.MinPasswordScore)),
                ("displayName", AccountRules.LineProblem(req.DisplayName, "Display name", AccountRules.MaxDisplayName, required: false)),
                ("email", !email.Value.Enabled && !string.IsNullOrWhiteSpace(req.Email) ? "This server does not send e-mail: leave the address out."
                    : EmailRules.EmailProblem(req.Email, required: await verification.RequiredAsync())))
            is { } problem)
            return problem;
        var me = await accounts.RegisterAsync(req);
        if (!string.IsNullOrWhiteSpace(req.Email)) me = await addresses.SetAtSignUpAsync(me.Id, req.Email, http.Request);
        return TypedResults.Created($"/api/users/{me.Id}", me);
    }

    private static async Task<Results<EmptyHttpResult, Ok<MeDto>, Ok<TwoFactor.TwoFactorPrompt>>> Login(LoginRequest req, bool? useCookies,
        HttpContext http, AccountService accounts)
    {
        var outcome = await accounts.SignInAsync(req, useCookies == true, http);
        if (outcome.Prompt is { } prompt) return TypedResults.Ok(prompt);   // no cookie, no tokens: the second step issues them
        // For bearer sign-in the handler has already written {tokenType, accessToken, expiresIn, refreshToken}.
        return useCookies == true ? TypedResults.Ok(outcome.Me!) : TypedResults.Empty;
    }

    private static async Task<Results<SignInHttpResult, ChallengeHttpResult>> Refresh(RefreshRequest req, HttpContext http, AccountService accounts) =>
        await accounts.RefreshAsync(req, http.Connection.RemoteIpAddress) is { } principal
            ? TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme)
            : TypedResults.Challenge();

    private static async Task<NoContent> Logout(HttpContext http, bool? everywhere, AccountService accounts)
    {
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        await accounts.SignOutAsync(http.User, everywhere == true);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeDto>, NotFound>> GetMe(HttpContext http, ProfileService profiles) =>
        await profiles.GetMeAsync(http.User.UserId()) is { } me ? TypedResults.Ok(me) : TypedResults.NotFound();

    private static async Task<Results<Ok<MeDto>, NotFound>> UpdateMe(UpdateMeRequest req, HttpContext http, ProfileService profiles) =>
        await profiles.UpdateMeAsync(http.User.UserId(), req) is { } me ? TypedResults.Ok(me) : TypedResults.NotFound();

    private static async Task<NoContent> Deactivate(DeactivateRequest req, HttpContext http, AccountService accounts)
    {
        await accounts.DeactivateAsync(http.User.UserId(), req, http.Connection.RemoteIpAddress);
        await http.SignOutAsync(IdentityConstants.ApplicationScheme); // the cookie, if it came with one
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<UserDto>>> FindUsers(string? q, int? limit, HttpContext http, ProfileService profiles) =>
        TypedResults.Ok(await profiles.FindAsync(http.User.UserId(), q, limit));

    private static async Task<Results<Ok<UserDto>, NotFound>> GetUser(Guid id, HttpContext http, ProfileService profiles) =>
        await profiles.GetAsync(http.User.UserId(), id) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();
}
