using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>
/// A request whose session was ended (signed out, ended from another device, the password changed, the account closed)
/// is refused as before, 403, but says so with the code the hub uses (<c>session_ended</c>) instead of a bare
/// "Forbidden", so a client or bot knows to sign in again rather than retry.
/// </summary>
public sealed class SessionEndedRefusal : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ActiveUserRequirement>().Any() == true
            ? throw new ParleyError(403, "This session has ended. Sign in again.", code: ErrorCodes.SessionEnded)
            : _framework.HandleAsync(next, context, policy, authorizeResult);
}
