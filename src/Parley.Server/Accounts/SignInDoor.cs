using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Parley.Server.Accounts;

/// <summary>
/// The one place a sign-in is completed, whatever proved who the user is (a password, a password and a second factor,
/// a passkey, single sign-on): it issues the cookie or the bearer tokens, then tells each <see cref="ISignInObserver"/>
/// (the session list, the new-sign-in notice). Callers have checked the proof; this only opens the door.
/// </summary>
public sealed class SignInDoor(SignInManager<User> signIn, IEnumerable<ISignInObserver> observers, TimeProvider clock, EmailVerificationGate verification)
{
    /// <summary>Method: "pwd", "pwd+totp", "pwd+recovery", "passkey", "sso:{provider}". Recorded in the session's claims.</summary>
    public async Task CompleteAsync(User user, string method, bool useCookies, HttpContext http)
    {
        await verification.RequireVerifiedAsync(user, http.RequestAborted); // 403 email_unverified while the server asks for a verified address
        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimTypes.AuthenticationMethod, method));
        var scheme = useCookies ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        var signedIn = new SignInRecord(user, principal.SessionId()!, method, useCookies, clock.GetUtcNow().UtcDateTime,
            http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString());
        // Observers first: the bearer handler writes the response body, after which nothing may fail this request.
        foreach (var observer in observers) await observer.SignedInAsync(signedIn, http.RequestAborted);
        await http.SignInAsync(scheme, principal, new AuthenticationProperties { IsPersistent = true });
    }
}

/// <summary>A sign-in the door let through: who, which session, how, when and from where.</summary>
public sealed record SignInRecord(User User, string SessionId, string Method, bool Cookie, DateTime At, string? Address, string UserAgent);

/// <summary>Told of each completed sign-in, before the response is written.</summary>
public interface ISignInObserver
{
    Task SignedInAsync(SignInRecord signIn, CancellationToken ct);
}
