using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts.SingleSignOn;

/// <summary>One OpenID Connect scheme per configured provider ("sso-{name}"): code flow with PKCE, the handler's own
/// correlation and nonce cookies, and the sign-in completed by <see cref="SsoCallback"/> instead of a cookie scheme.</summary>
public static class SsoSetup
{
    public static string SchemeOf(string provider) => "sso-" + provider;
    public static string CallbackPathOf(string provider) => "/signin-sso-" + provider;

    public static void AddParleySso(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Parley:Auth:Sso");
        var sso = section.Get<SsoOptions>() ?? new SsoOptions();
        if (sso.Problems() is { Count: > 0 } problems)
            throw new StartupFailure("Single sign-on is misconfigured: " + string.Join(" ", problems));
        builder.Services.AddOptions<SsoOptions>().BindConfiguration("Parley:Auth:Sso");
        builder.Services.AddScoped<SingleSignOnService>();

        var auth = builder.Services.AddAuthentication();
        foreach (var (name, provider) in sso.Providers)
        {
            auth.AddOpenIdConnect(SchemeOf(name), provider.DisplayName ?? name, o =>
            {
                o.Authority = provider.Authority;
                o.ClientId = provider.ClientId;
                o.ClientSecret = string.IsNullOrEmpty(provider.ClientSecret) ? null : provider.ClientSecret;
                o.RequireHttpsMetadata = provider.RequireHttpsMetadata;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                // The answer comes back as a top-level GET, so SameSite=Lax cookies (correlation, nonce) travel with it;
                // form_post would need SameSite=None, which browsers refuse without https.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.CallbackPath = CallbackPathOf(name);
                o.SaveTokens = false;
                o.MapInboundClaims = false; // claims keep the provider's names (sub, groups …), as configured
                o.GetClaimsFromUserInfoEndpoint = false;
                o.Scope.Clear();
                foreach (var scope in provider.ScopeList) o.Scope.Add(scope);
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Never used: SsoCallback answers the callback itself. Named so no other scheme signs in by accident.
                o.SignInScheme = IdentityConstants.ApplicationScheme;
                o.Events = SsoCallback.Events(name);
            });
        }
    }
}
