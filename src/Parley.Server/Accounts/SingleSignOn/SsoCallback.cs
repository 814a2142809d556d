using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace Parley.Server.Accounts.SingleSignOn;

/// <summary>
/// The provider's answer, after the handler has checked it (state and correlation cookie, nonce, id token signature,
/// issuer, audience): find, link or create the account, then sign in through <see cref="SignInDoor"/>. Every failure
/// lands on <c>/?ssoError=code</c> for the web client to explain, with nothing created or linked.
/// </summary>
public static class SsoCallback
{
    /// <summary>Set on a "Connect" round trip: the id of the signed-in account that started it (protected inside the state).</summary>
    public const string LinkItem = "parley:link-to";

    public static string ErrorUrl(string code) => "/?ssoError=" + code;

    public static OpenIdConnectEvents Events(string provider) => new()
    {
        OnTicketReceived = c => CompleteAsync(c, provider),
        OnAccessDenied = c =>
        {
            Log(c.HttpContext).LogInformation("Single sign-on with {Provider}: the person cancelled or the provider refused", provider);
            c.Response.Redirect(ErrorUrl(SsoErrors.Denied));
            c.HandleResponse();
            return Task.CompletedTask;
        },
        OnRemoteFailure = c =>
        {
            // The message names the check that failed (state, correlation, signature, issuer …); tokens are not in it.
            Log(c.HttpContext).LogInformation("Single sign-on with {Provider} failed: {Failure}", provider, c.Failure?.Message);
            c.Response.Redirect(ErrorUrl(c.Failure?.Message.Contains("access_denied", StringComparison.Ordinal) == true ? SsoErrors.Denied : SsoErrors.Failed));
            c.HandleResponse();
            return Task.CompletedTask;
        },
    };

    private static async Task CompleteAsync(TicketReceivedContext c, string provider)
    {
        var http = c.HttpContext;
        var returnUrl = c.ReturnUri is { } r && SsoReturnUrl.IsLocal(r) ? r : "/";
        c.HandleResponse();
        try
        {
            Guid? linkTo = c.Properties?.Items.TryGetValue(LinkItem, out var item) == true && Guid.TryParse(item, out var id) ? id : null;
            if (linkTo is { } wanted)
            {
                // The browser that finishes a Connect must still be signed in to the account that started it.
                var current = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
                if (current.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) != wanted.ToString())
                    throw new SsoRefusal(SsoErrors.Failed, "The account that started Connect is no longer signed in here.");
            }
            var services = http.RequestServices;
            var (user, linked) = await services.GetRequiredService<SingleSignOnService>()
                .ResolveAsync(provider, c.Principal ?? new ClaimsPrincipal(), linkTo, http.RequestAborted);
            if (!linked) await services.GetRequiredService<SignInDoor>().CompleteAsync(user, "sso:" + provider, useCookies: true, http);
            http.Response.Redirect(returnUrl);
        }
        catch (SsoRefusal refusal)
        {
            Log(http).LogInformation("Single sign-on with {Provider} refused: {Reason}", provider, refusal.Message);
            http.Response.Redirect(ErrorUrl(refusal.Code));
        }
    }

    private static ILogger Log(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SsoCallback));
}

/// <summary>The codes a failed single sign-on lands with (<c>/?ssoError=</c>), and the REST error codes of this feature.</summary>
public static class SsoErrors
{
    public const string Failed = "sso_failed";
    public const string Denied = "sso_denied";
    public const string ClosedAccount = "sso_closed_account";
    public const string RegistrationClosed = "sso_registration_closed";
    public const string AlreadyLinked = "sso_already_linked";
    /// <summary>REST: password sign-in or sign-up on a server in SSO-only mode.</summary>
    public const string SsoOnly = "sso_only";
    /// <summary>REST: unlinking would leave the account without a way to sign in.</summary>
    public const string LastSignIn = "sso_last_sign_in";
}

/// <summary>Why a sign-in from the provider was refused; <see cref="Code"/> is what the web client explains.</summary>
public sealed class SsoRefusal(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

public static class SsoReturnUrl
{
    /// <summary>A path on this site ("/…"), never "//host" or "/\host" (which browsers read as another site).</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 2000 && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);
}
