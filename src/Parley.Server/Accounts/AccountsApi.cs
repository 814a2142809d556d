using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Realtime;

namespace Parley.Server.Accounts;

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

    private static async Task<Results<Created<MeDto>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest req, UserManager<User> users, TimeProvider clock)
    {
        if (Problems.Fields(
                ("userName", AccountRules.UserNameProblem(req.UserName)),
                ("password", AccountRules.PasswordProblem(req.Password, req.UserName)),
                ("displayName", AccountRules.LineProblem(req.DisplayName, "Display name", AccountRules.MaxDisplayName, required: false)))
            is { } problem)
            return problem;
        if (await users.FindByNameAsync(req.UserName!) is not null)
            throw ParleyError.Conflict("userName", "That user name is taken.");

        var user = new User
        {
            Id = Guid.CreateVersion7(),
            UserName = req.UserName,
            DisplayName = string.IsNullOrWhiteSpace(req.DisplayName) ? req.UserName! : req.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, req.Password!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
                throw ParleyError.Conflict("userName", "That user name is taken.");
            return Problems.Field("password", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        return TypedResults.Created($"/api/users/{user.Id}", MeDto.From(user));
    }

    private static async Task<Results<EmptyHttpResult, Ok<MeDto>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest req, bool? useCookies, HttpContext http, UserManager<User> users, SignInManager<User> signIn,
        IPasswordHasher<User> hasher, SignInThrottle throttle)
    {
        if (string.IsNullOrEmpty(req.UserName)) return Problems.Field("userName", "User name is required.");
        if (string.IsNullOrEmpty(req.Password)) return Problems.Field("password", "Password is required.");

        var key = SignInThrottle.Key(http.Connection.RemoteIpAddress, users.NormalizeName(req.UserName));
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
            return BadCredentials();
        }
        throttle.Succeeded(key);

        signIn.AuthenticationScheme = useCookies == true ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        await signIn.SignInAsync(user!, isPersistent: true, authenticationMethod: "pwd");
        // For bearer sign-in the handler has already written {tokenType, accessToken, expiresIn, refreshToken}.
        return useCookies == true ? TypedResults.Ok(MeDto.From(user!)) : TypedResults.Empty;
    }

    private static ProblemHttpResult BadCredentials() =>
        TypedResults.Problem(statusCode: 401, title: "Wrong user name or password.");

    private static async Task<Results<SignInHttpResult, ChallengeHttpResult, ValidationProblem>> Refresh(
        RefreshRequest req, SignInManager<User> signIn, IOptionsMonitor<BearerTokenOptions> bearer, ParleyDb db, ChatGroups groups,
        IOptions<AuthOptions> auth, TimeProvider clock)
    {
        if (string.IsNullOrEmpty(req.RefreshToken)) return Problems.Field("refreshToken", "Refresh token is required.");
        var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(req.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { DeactivatedAt: null } user)
            return TypedResults.Challenge();
        if (ticket.Principal.SessionId() is not { } sid || await db.RevokedSessions.AnyAsync(r => r.SessionId == sid))
            return TypedResults.Challenge();

        var now = clock.GetUtcNow().UtcDateTime;
        var generation = RefreshRotation.Generation(ticket.Principal);
        if (!await SessionRevocation.TryRevokeAsync(db, RefreshRotation.TradedKey(sid, generation), expires.UtcDateTime, now))
        {
            // Traded before (or right now by a twin request): a copy is out there. End the session for everyone holding it.
            await SessionRevocation.TryRevokeAsync(db, sid, now.AddDays(auth.Value.RefreshTokenDays), now);
            await groups.EndSessionAsync(user.Id, sid, "This session was ended because its refresh token was used twice. Sign in again.");
            return TypedResults.Challenge();
        }
        var principal = await signIn.CreateUserPrincipalAsync(user);
        // Keep the session id across refreshes, so logout of this session still finds its connections.
        RefreshRotation.Continue(principal, sid, generation);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<NoContent> Logout(
        HttpContext http, bool? everywhere, UserManager<User> users, ParleyDb db, ChatGroups groups,
        IOptions<AuthOptions> auth, TimeProvider clock)
    {
        var userId = http.User.UserId();
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        if (everywhere == true)
        {
            // A new security stamp voids every token and cookie of this user.
            if (await users.FindByIdAsync(userId.ToString()) is { } user) await users.UpdateSecurityStampAsync(user);
            await groups.EndSessionAsync(userId, null, "You signed out everywhere.");
        }
        else if (http.User.SessionId() is { } sid)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await SessionRevocation.TryRevokeAsync(db, sid, now.AddDays(auth.Value.RefreshTokenDays), now); // false: logged out twice
            await groups.EndSessionAsync(userId, sid, "You signed out.");
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeDto>, NotFound>> GetMe(HttpContext http, ParleyDb db)
    {
        var id = http.User.UserId();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(MeDto.From(user));
    }

    private static async Task<Results<Ok<MeDto>, ValidationProblem, NotFound>> UpdateMe(
        UpdateMeRequest req, HttpContext http, ParleyDb db, ChatGroups groups)
    {
        if (req.DisplayName is not null &&
            AccountRules.LineProblem(req.DisplayName, "Display name", AccountRules.MaxDisplayName, required: true) is { } dn)
            return Problems.Field("displayName", dn);
        if (req.StatusText is not null &&
            AccountRules.LineProblem(req.StatusText, "Status text", AccountRules.MaxStatusText, required: false) is { } st)
            return Problems.Field("statusText", st);
        if (req.Bio is not null && AccountRules.BioProblem(req.Bio) is { } bio) return Problems.Field("bio", bio);
        if (req.TimeZone is not null && AccountRules.TimeZoneProblem(req.TimeZone) is { } tz) return Problems.Field("timeZone", tz);
        if (req.StatusExpiresAt is { } until && (until.ToUniversalTime() <= DateTime.UtcNow || until.ToUniversalTime() > DateTime.UtcNow.AddDays(366)))
            return Problems.Field("statusExpiresAt", "statusExpiresAt must be a time in the next year.");

        var id = http.User.UserId();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id);
        if (user is null) return TypedResults.NotFound();
        var before = UserDto.From(user);
        if (req.DisplayName is not null) user.DisplayName = req.DisplayName.Trim();
        if (req.StatusText is not null)
        {
            user.StatusText = req.StatusText.Trim();
            user.StatusExpiresAt = user.StatusText.Length == 0 ? null : req.StatusExpiresAt?.ToUniversalTime();
        }
        else if (req.StatusExpiresAt is { } expires) user.StatusExpiresAt = expires.ToUniversalTime();
        if (req.Bio is not null) user.Bio = req.Bio.Trim().Replace("\r\n", "\n");
        if (req.TimeZone is not null) user.TimeZone = req.TimeZone.Trim();
        await db.SaveChangesAsync();
        await AnnounceIfChangedAsync(db, groups, before, user);
        return TypedResults.Ok(MeDto.From(user));
    }

    /// <summary>UserUpdated to everyone who shares a room with the user and to their own tabs, when what others see changed.</summary>
    internal static async Task AnnounceIfChangedAsync(ParleyDb db, ChatGroups groups, UserDto before, User user)
    {
        var after = UserDto.From(user);
        if (after == before) return;
        var roomIds = await db.RoomMembers.AsNoTracking().Where(m => m.UserId == user.Id).Select(m => m.RoomId).ToListAsync();
        await groups.AroundUser(user.Id, roomIds).UserUpdated(after);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Deactivate(
        DeactivateRequest req, HttpContext http, UserManager<User> users, SignInThrottle throttle, ChatGroups groups, TimeProvider clock)
    {
        if (string.IsNullOrEmpty(req.Password)) return Problems.Field("password", "Password is required to close the account.");
        var user = await users.FindByIdAsync(http.User.UserId().ToString());
        if (user is null) return TypedResults.Problem(statusCode: 403, title: "Wrong password.");
        // The same tries as sign-in, per address and account: a stolen session can't guess the password faster here.
        var key = SignInThrottle.Key(http.Connection.RemoteIpAddress, user.NormalizedUserName ?? users.NormalizeName(user.UserName)!);
        var correct = await users.CheckPasswordAsync(user, req.Password);
        if (throttle.Wait(key) is { } wait) throw SignInThrottle.Refusal(wait);
        if (!correct)
        {
            if (throttle.Fail(key) is { } locked) throw SignInThrottle.Refusal(locked);
            return TypedResults.Problem(statusCode: 403, title: "Wrong password.");
        }
        throttle.Succeeded(key);
        user.DeactivatedAt = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await groups.EndSessionAsync(user.Id, null, "This account was closed.");
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<UserDto>>> FindUsers(string? q, int? limit, ParleyDb db)
    {
        var take = Math.Clamp(limit ?? 20, 1, 50);
        var query = db.Users.AsNoTracking().Where(u => u.DeactivatedAt == null);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var needle = q.Trim().ToLowerInvariant();
            var upper = needle.ToUpperInvariant();
            query = query.Where(u => u.NormalizedUserName!.StartsWith(upper) || u.DisplayName.ToLower().Contains(needle));
        }
        var found = await query.OrderBy(u => u.NormalizedUserName).Take(take).ToListAsync();
        return TypedResults.Ok(found.Select(UserDto.From).ToList());
    }

    private static async Task<Results<Ok<UserDto>, NotFound>> GetUser(Guid id, ParleyDb db)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.DeactivatedAt == null);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(UserDto.From(user));
    }

    private static readonly User DummyUser = new() { UserName = "nobody" };
    private static string? _dummyHash;
    private static string DummyHash(IPasswordHasher<User> hasher) =>
        _dummyHash ??= hasher.HashPassword(DummyUser, Guid.NewGuid().ToString());
}
