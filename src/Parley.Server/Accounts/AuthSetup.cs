using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

public static class AuthSetup
{
    public const string Scheme = "Parley";
    public const string SessionClaim = "parley:sid";
    public const string CookieName = "parley_session";
    public const string HubPath = "/hubs/chat";

    public static void AddParleyAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration("Parley:Auth").ValidateDataAnnotations().ValidateOnStart();
        var auth = builder.Configuration.GetSection("Parley:Auth").Get<AuthOptions>() ?? new AuthOptions();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            // A connect ticket on the hub's connect request; bearer when the client shows a token (header, or access_token
            // on the hub path only); the cookie otherwise.
            .AddPolicyScheme(Scheme, "Cookie or bearer", o => o.ForwardDefaultSelector = http =>
                HubTicketAuthentication.Applies(http.Request) ? HubTicketAuthentication.SchemeName
                : http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || (http.Request.Path.StartsWithSegments(HubPath) && http.Request.Query.ContainsKey("access_token"))
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromDays(auth.RefreshTokenDays);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
                o.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync;
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromMinutes(auth.AccessTokenMinutes);
                o.RefreshTokenExpiration = TimeSpan.FromDays(auth.RefreshTokenDays);
                o.Events.OnMessageReceived = c =>
                {
                    // Browsers can't set headers on WebSocket/SSE requests, so the hub alone takes the token from the query.
                    if (c.Request.Path.StartsWithSegments(HubPath) && c.Request.Query["access_token"] is { Count: > 0 } t)
                        c.Token = t.ToString();
                    return Task.CompletedTask;
                };
            });

        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HubTicketAuthentication>(HubTicketAuthentication.SchemeName, null);
        services.AddSingleton<HubTickets>();

        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        // OWASP's figure for PBKDF2-HMAC-SHA512 (Identity v3 hashes) is 210,000; Identity's default is 100,000.
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = auth.PasswordIterations);

        services.AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = AccountRules.UserNameCharacters;
                o.Password.RequiredLength = AccountRules.MinPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                // Identity's lockout is per account: anyone could lock anyone out. SignInThrottle counts per address and account.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddEntityFrameworkStores<ParleyDb>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<SessionClaimsFactory>();

        services.AddSingleton<SessionCheck>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<SignInDoor>();
        services.AddScoped<ISignInObserver, UserSessionRecorder>();
        services.AddSingleton<SessionActivity>();
        services.AddScoped<UserSessionService>();
        services.AddScoped<PasswordChangeService>();
        services.AddHostedService<UserSessionSweeper>();
        services.AddScoped<IAuthorizationHandler, ActiveUserHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, SessionEndedRefusal>();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(Scheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ActiveUserRequirement())
                .Build());
    }

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new ParleyError(401, "Not signed in.");

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(SessionClaim);
}

/// <summary>Adds a session id to every sign-in, so logout can close that session's hub connections.</summary>
public sealed class SessionClaimsFactory(UserManager<User> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var id = await base.GenerateClaimsAsync(user);
        id.AddClaim(new Claim(AuthSetup.SessionClaim, Guid.NewGuid().ToString("N")));
        return id;
    }
}

public sealed class ActiveUserRequirement : IAuthorizationRequirement;

/// <summary>
/// Every REST request and hub negotiation must pass <see cref="SessionCheck"/>; those that do count as the session's
/// activity (written now and then, <see cref="SessionActivity"/>).
/// </summary>
public sealed class ActiveUserHandler(SessionCheck sessions, SessionActivity activity) : AuthorizationHandler<ActiveUserRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveUserRequirement requirement)
    {
        if (!await sessions.IsValidAsync(context.User)) return;
        context.Succeed(requirement);
        var http = context.Resource as HttpContext;
        await activity.SeenAsync(context.User.SessionId(), http?.Connection.RemoteIpAddress?.ToString(), http?.RequestAborted ?? default);
    }
}
