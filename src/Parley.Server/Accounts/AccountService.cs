using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>
/// Accounts and their sessions: register, sign in, trade a refresh token, end sessions, close the account. Ending
/// a session also drops its open connections.
/// </summary>
public sealed class AccountService(ParleyDb db, UserManager<User> users, SignInManager<User> signIn, IPasswordHasher<User> hasher,
    SignInThrottle throttle, IChatAudience groups, IOptionsMonitor<BearerTokenOptions> bearer, IOptions<AuthOptions> auth, TimeProvider clock,
    Administration.RegistrationGate gate, Calls.CallDepartures calls, SignInDoor door, TwoFactor.TwoFactorService twoFactor, SessionActivity activity)
{
    /// <summary>The request's fields were checked already (<see cref="AccountRules"/>). The server's registration mode decides who may.</summary>
    public async Task<MeDto> RegisterAsync(RegisterRequest req, CancellationToken ct = default)
    {
        if (await users.FindByNameAsync(req.UserName!) is not null)
            throw ParleyError.Conflict("userName", "That user name is taken.");
        // With an invite link, its use is taken in a transaction that commits with the account (or is given back).
        await using var admission = await gate.AdmitAsync(req.InviteToken, ct);
        var user = await CreateAsync(req.UserName!, req.Password!, req.DisplayName);
        if (admission is not null) await admission.CommitAsync(ct);
        await ClaimOwnershipIfFirstAsync(user);
        return MeDto.From(user);
    }

    /// <summary>
    /// Creates the account (sign-up, and admins creating one). Whatever else the caller added to this unit of work (an
    /// audit entry) is saved with it.
    /// </summary>
    public async Task<User> CreateAsync(string userName, string password, string? displayName, Guid? id = null)
    {
        var user = new User
        {
            Id = id ?? Guid.CreateVersion7(),
            UserName = userName,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
                throw ParleyError.Conflict("userName", "That user name is taken.");
            throw ParleyError.Invalid("password", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        return user;
    }

    /// <summary>
    /// The first account on a fresh server becomes its owner: one statement that only succeeds while no owner exists,
    /// so of two first sign-ups at once (SQLite writes one at a time) at most one wins on SQLite, and on PostgreSQL
    /// the window is a single statement's.
    /// </summary>
    private async Task ClaimOwnershipIfFirstAsync(User user)
    {
        var claimed = await db.Users.Where(u => u.Id == user.Id && !db.Users.Any(o => o.ServerRole == Moderation.ServerRole.Owner))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ServerRole, Moderation.ServerRole.Owner));
        if (claimed == 1)
        {
            user.ServerRole = Moderation.ServerRole.Owner;
            Moderation.AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, null, "server.owner", targetUserId: user.Id, reason: "The first account on this server.");
            await db.SaveChangesAsync();
        }
    }

    /// <summary>
    /// Signs in with a cookie or, for bearer, writes {tokenType, accessToken, expiresIn, refreshToken} to the response
    /// itself. Throttled per address and account. When a second factor is owed, nothing is issued: the prompt says which.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(LoginRequest req, bool useCookies, HttpContext http)
    {
        var from = http.Connection.RemoteIpAddress;
        if (string.IsNullOrEmpty(req.UserName)) throw ParleyError.Invalid("userName", "User name is required.");
        if (string.IsNullOrEmpty(req.Password)) throw ParleyError.Invalid("password", "Password is required.");

        var key = SignInThrottle.Key(from, users.NormalizeName(req.UserName));
        var user = req.UserName.Length <= AccountRules.MaxUserName ? await users.FindByNameAsync(req.UserName) : null;
        // A password is checked on every path (a dummy one for unknown and closed accounts, the real one while throttled),
        // so neither the answer nor its time tells whether an account exists or is locked.
        bool correct;
        if (user is { DeactivatedAt: null }) correct = await users.CheckPasswordAsync(user, req.Password);
        else
        {
            hasher.VerifyHashedPassword(DummyUser, DummyHash(hasher), req.Password);
            correct = false;
        }
        if (throttle.Wait(key) is { } wait) throw SignInThrottle.Refusal(wait);
        if (!correct)
        {
            if (throttle.Fail(key) is { } locked) throw SignInThrottle.Refusal(locked);
            throw new ParleyError(401, "Wrong user name or password.");
        }
        throttle.Succeeded(key);
        if (SingleSignOn.SsoOnlyRule.On(http) && user!.ServerRole != Moderation.ServerRole.Owner) throw SingleSignOn.SsoOnlyRule.Refusal();

        if (await twoFactor.PromptAsync(user!, useCookies, http.RequestAborted) is { } prompt) return new(null, prompt);
        await door.CompleteAsync(user!, "pwd", useCookies, http);
        return new(MeDto.From(user!), null);
    }

    /// <summary>The principal to issue new tokens for, or null: the token is not (or no longer) good.</summary>
    public async Task<ClaimsPrincipal?> RefreshAsync(RefreshRequest req, IPAddress? from = null)
    {
        if (string.IsNullOrEmpty(req.RefreshToken)) throw ParleyError.Invalid("refreshToken", "Refresh token is required.");
        var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(req.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { DeactivatedAt: null } user)
            return null;
        if (ticket.Principal.SessionId() is not { } sid || await db.RevokedSessions.AnyAsync(r => r.SessionId == sid))
            return null;

        var now = clock.GetUtcNow().UtcDateTime;
        var generation = RefreshRotation.Generation(ticket.Principal);
        if (!await SessionRevocation.TryRevokeAsync(db, RefreshRotation.TradedKey(sid, generation), expires.UtcDateTime, now))
        {
            // Traded before (or right now by a twin request): a copy is out there. End the session for everyone holding it.
            await SessionRevocation.TryRevokeAsync(db, sid, now.AddDays(auth.Value.RefreshTokenDays), now);
            await groups.EndSessionAsync(user.Id, sid, "This session was ended because its refresh token was used twice. Sign in again.");
            return null;
        }
        var principal = await signIn.CreateUserPrincipalAsync(user);
        // Keep the session id across refreshes, so logout of this session still finds its connections.
        RefreshRotation.Continue(principal, sid, generation);
        await activity.RefreshedAsync(sid, from?.ToString());
        return principal;
    }

    /// <summary>Ends this session's tokens and connections, or every session of the account. The cookie is the caller's.</summary>
    public async Task SignOutAsync(ClaimsPrincipal session, bool everywhere)
    {
        var userId = session.UserId();
        if (everywhere)
        {
            // A new security stamp voids every token and cookie of this user.
            if (await users.FindByIdAsync(userId.ToString()) is { } user)
            {
                await UserSessionService.MarkAllEndedAsync(db, userId, clock.GetUtcNow().UtcDateTime);
                await users.UpdateSecurityStampAsync(user);
            }
            await groups.EndSessionAsync(userId, null, "You signed out everywhere.");
        }
        else if (session.SessionId() is { } sid)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await SessionRevocation.TryRevokeAsync(db, sid, now.AddDays(auth.Value.RefreshTokenDays), now); // false: logged out twice
            await UserSessionService.MarkEndedAsync(db, sid, now);
            await groups.EndSessionAsync(userId, sid, "You signed out.");
        }
    }

    /// <summary>Closes the account (needs the password, throttled like sign-in) and drops all its connections.</summary>
    public async Task DeactivateAsync(Guid me, DeactivateRequest req, IPAddress? from)
    {
        if (string.IsNullOrEmpty(req.Password)) throw ParleyError.Invalid("password", "Password is required to close the account.");
        var user = await users.FindByIdAsync(me.ToString()) ?? throw ParleyError.Forbidden("Wrong password.");
        await throttle.ConfirmPasswordAsync(users, user, req.Password, from, field: null); // the close dialog shows it as its alert
        await CloseAsync(user, "This account was closed.");
    }

    /// <summary>
    /// Closes an account (its owner's choice, or an admin's deactivation): sign-in refused, every token void, every
    /// connection on every node told <paramref name="reason"/> and closed. What the caller added to this unit of
    /// work (an audit entry) is saved in the same write.
    /// </summary>
    public async Task CloseAsync(User user, string reason)
    {
        user.DeactivatedAt = clock.GetUtcNow().UtcDateTime;
        await EndAllSessionsAsync(user, reason);
        await calls.LeftEverywhereAsync(user.Id);
    }

    /// <summary>Ends every session of the account: a new security stamp voids its tokens and cookies (saved with the caller's unit of work), then its connections close.</summary>
    public async Task EndAllSessionsAsync(User user, string reason)
    {
        await UserSessionService.MarkAllEndedAsync(db, user.Id, clock.GetUtcNow().UtcDateTime);
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        await groups.EndSessionAsync(user.Id, null, reason);
    }

    private static readonly User DummyUser = new() { UserName = "nobody" };
    private static string? _dummyHash;
    private static string DummyHash(IPasswordHasher<User> hasher) =>
        _dummyHash ??= hasher.HashPassword(DummyUser, Guid.NewGuid().ToString());
}

/// <summary>What a right password led to: signed in (Me), or a second step owed (Prompt).</summary>
public sealed record SignInOutcome(MeDto? Me, TwoFactor.TwoFactorPrompt? Prompt);
