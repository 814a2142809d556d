using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts.SingleSignOn;

/// <summary>/api/auth/sso/{provider} starts a sign-in (or a Connect); /api/me/sso lists and unlinks providers.</summary>
public static class SsoApi
{
    public static void MapSingleSignOn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/auth/sso/{provider}", Start).WithTags("Auth").RequireRateLimiting(RateLimits.AuthPolicy).WithName("StartSingleSignOn")
            .WithSummary("Redirects to the provider; back on /signin-sso-{provider}, then to returnUrl. ?link=true (signed in): connect it to this account.");
        var me = app.MapGroup("/api/me/sso").WithTags("Users").RequireAuthorization();
        me.MapGet("/", List).WithName("GetMySingleSignOn");
        me.MapDelete("/{provider}", Unlink).WithName("UnlinkSingleSignOn").RequireRateLimiting(RateLimits.AuthPolicy);
    }

    private static async Task<Results<ChallengeHttpResult, NotFound, UnauthorizedHttpResult>> Start(string provider, string? returnUrl, bool? link,
        HttpContext http, IOptionsMonitor<SsoOptions> options, SessionCheck sessions)
    {
        if (!options.CurrentValue.Providers.ContainsKey(provider)) return TypedResults.NotFound();
        returnUrl ??= "/";
        if (!SsoReturnUrl.IsLocal(returnUrl)) throw ParleyError.Invalid("returnUrl", "returnUrl must be a path on this server, such as /rooms.");
        var properties = new AuthenticationProperties { RedirectUri = returnUrl };
        if (link == true)
        {
            // Connect is for a browser signed in with the cookie: the answer comes back to this browser, not to a token.
            var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            if (session.Principal is not { } user || !await sessions.IsValidAsync(user, http.RequestAborted)) return TypedResults.Unauthorized();
            properties.Items[SsoCallback.LinkItem] = user.UserId().ToString();
        }
        return TypedResults.Challenge(properties, [SsoSetup.SchemeOf(provider)]);
    }

    private static async Task<Ok<List<SsoLinkDto>>> List(HttpContext http, SingleSignOnService sso) =>
        TypedResults.Ok(await sso.LinksAsync(http.User.UserId()));

    private static async Task<NoContent> Unlink(string provider, HttpContext http, SingleSignOnService sso)
    {
        await sso.UnlinkAsync(http.User.UserId(), provider);
        return TypedResults.NoContent();
    }
}

/// <summary>SSO-only mode: passwords are refused for everyone but the owner (a way in when the provider is down).</summary>
public static class SsoOnlyRule
{
    public static bool On(HttpContext http) => http.RequestServices.GetRequiredService<IOptionsMonitor<SsoOptions>>().CurrentValue.Only;

    public static ParleyError Refusal() =>
        ParleyError.Forbidden("This server signs in with single sign-on only: use the sign-in button of your organisation's provider.", SsoErrors.SsoOnly);
}
