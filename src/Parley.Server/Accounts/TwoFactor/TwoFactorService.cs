using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Administration;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.Accounts.TwoFactor;

public sealed record TwoFactorStatusDto(bool Enabled, int RecoveryCodesLeft, bool Required);
/// <summary>secret: base32, for typing into the app by hand; qrSvg: the otpauth link as an SVG QR code.</summary>
public sealed record TwoFactorSetupDto(string Secret, string OtpauthUri, string QrSvg);
public sealed record RecoveryCodesDto(List<string> RecoveryCodes);
/// <summary>The answer to a right password when a second step is owed: exactly one of the flags is true.</summary>
public sealed record TwoFactorPrompt(bool TwoFactorRequired, bool TwoFactorSetupRequired, string Challenge);

/// <summary>
/// Two-factor authentication with TOTP: enrolment, the codes' checks (replays refused across nodes by a conditional
/// update of the last accepted step), recovery codes (each deleted as it is used), and the sign-in's second step.
/// Wrong codes count in <see cref="SignInThrottle"/> under a key of their own, which a right password does not reset.
/// </summary>
public sealed class TwoFactorService(ParleyDb db, UserManager<User> users, IDataProtectionProvider protection, SignInThrottle throttle,
    TwoFactorChallenges challenges, ServerSettingsStore settings, TimeProvider clock)
{
    private readonly IDataProtector _secrets = protection.CreateProtector("Parley.TwoFactor.Secret.v1");

    public async Task<TwoFactorStatusDto> StatusAsync(Guid me, CancellationToken ct)
    {
        var user = await FindAsync(me, ct);
        var left = await db.Set<RecoveryCode>().CountAsync(c => c.UserId == me, ct);
        return new(user.TwoFactorEnabled, user.TwoFactorEnabled ? left : 0, (await settings.GetAsync(ct)).RequireTwoFactor);
    }

    /// <summary>After a right password: the second step owed, or null when the password is enough.</summary>
    public async Task<TwoFactorPrompt?> PromptAsync(User user, bool useCookies, CancellationToken ct)
    {
        if (user.TwoFactorEnabled) return new(true, false, challenges.Issue(user, useCookies, ChallengeKind.Code));
        if ((await settings.GetAsync(ct)).RequireTwoFactor) return new(false, true, challenges.Issue(user, useCookies, ChallengeKind.Setup));
        return null;
    }

    /// <summary>A new pending secret (replacing one not yet confirmed). Not in force until <see cref="ConfirmAsync"/>.</summary>
    public async Task<TwoFactorSetupDto> BeginAsync(Guid me, CancellationToken ct) => await BeginAsync(await FindAsync(me, ct), ct);

    private async Task<TwoFactorSetupDto> BeginAsync(User user, CancellationToken ct)
    {
        if (user.TwoFactorEnabled) throw new ParleyError(409, "Two-factor authentication is already on. Turn it off first to set up another app.");
        var secret = TotpCodes.NewSecret();
        var row = await db.Set<TwoFactorSecret>().FirstOrDefaultAsync(s => s.UserId == user.Id, ct);
        if (row is null) db.Add(row = new TwoFactorSecret { UserId = user.Id });
        row.ProtectedSecret = null;
        row.ProtectedPending = _secrets.Protect(secret);
        row.LastStep = 0;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ParleyError(409, "Another setup started at the same moment. Try again.", code: ErrorCodes.Conflict);
        }
        var uri = TotpCodes.OtpauthUri((await settings.GetAsync(ct)).Name, user.UserName!, secret);
        return new(secret, uri, TotpCodes.QrSvg(uri));
    }

    /// <summary>The first right code from the pending secret turns two-factor on; returns the recovery codes, shown this once.</summary>
    public async Task<List<string>> ConfirmAsync(Guid me, string? code, IPAddress? from, CancellationToken ct) =>
        await ConfirmAsync(await FindAsync(me, ct), code, from, ct);

    private async Task<List<string>> ConfirmAsync(User user, string? code, IPAddress? from, CancellationToken ct)
    {
        if (user.TwoFactorEnabled) throw new ParleyError(409, "Two-factor authentication is already on.");
        var digits = TotpCodes.Normalize(code) ?? throw ParleyError.Invalid("code", "Enter the 6-digit code from your authenticator app.");
        var row = await db.Set<TwoFactorSecret>().FirstOrDefaultAsync(s => s.UserId == user.Id, ct);
        if (row?.ProtectedPending is null) throw new ParleyError(409, "Start the setup first.", "code", code: ErrorCodes.Conflict);
        var key = CodeKey(from, user);
        if (throttle.Wait(key) is { } wait) throw SignInThrottle.Refusal(wait);
        // 400, not 401: a signed-in client must not take a mistyped code for the end of its session.
        if (TotpCodes.MatchingStep(_secrets.Unprotect(row.ProtectedPending), digits, Now) is not { } step) throw WrongCode(key, 400);
        throttle.Succeeded(key);

        row.ProtectedSecret = row.ProtectedPending;
        row.ProtectedPending = null;
        row.LastStep = step;
        user.TwoFactorEnabled = true;
        var codes = ReplaceRecoveryCodes(user.Id, await db.Set<RecoveryCode>().Where(c => c.UserId == user.Id).ToListAsync(ct));
        AuditLog.Record(db, Now, user.Id, "auth.2fa_enabled", targetUserId: user.Id);
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>Turns two-factor off (needs the password); refused while the server requires it.</summary>
    public async Task DisableAsync(Guid me, string? password, IPAddress? from, CancellationToken ct)
    {
        var user = await FindAsync(me, ct);
        if ((await settings.GetAsync(ct)).RequireTwoFactor)
            throw ParleyError.Forbidden("This server requires two-factor authentication: it can't be turned off.", ErrorCodes.TwoFactorRequired);
        await CheckPasswordAsync(user, password, from);
        if (!user.TwoFactorEnabled) throw new ParleyError(409, "Two-factor authentication is not on.");
        user.TwoFactorEnabled = false;
        db.RemoveRange(await db.Set<TwoFactorSecret>().Where(s => s.UserId == me).ToListAsync(ct));
        db.RemoveRange(await db.Set<RecoveryCode>().Where(c => c.UserId == me).ToListAsync(ct));
        AuditLog.Record(db, Now, me, "auth.2fa_disabled", targetUserId: me);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A new set of recovery codes (needs the password); the old ones stop working in the same write.</summary>
    public async Task<List<string>> RenewRecoveryCodesAsync(Guid me, string? password, IPAddress? from, CancellationToken ct)
    {
        var user = await FindAsync(me, ct);
        await CheckPasswordAsync(user, password, from);
        if (!user.TwoFactorEnabled) throw new ParleyError(409, "Two-factor authentication is not on.");
        var codes = ReplaceRecoveryCodes(me, await db.Set<RecoveryCode>().Where(c => c.UserId == me).ToListAsync(ct));
        AuditLog.Record(db, Now, me, "auth.recovery_codes_renewed", targetUserId: me);
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>The sign-in's second step: the user, once a right, unused code or recovery code answers the challenge.</summary>
    public async Task<(User User, string Method, bool UseCookies)> CompleteSignInAsync(string? sealedChallenge, string? code, string? recoveryCode,
        bool? useCookies, IPAddress? from, CancellationToken ct)
    {
        var challenge = challenges.Read(sealedChallenge, ChallengeKind.Code);
        var user = await ChallengedUserAsync(challenge, ct);
        if (!user.TwoFactorEnabled) throw TwoFactorChallenges.Expired();
        var cookies = useCookies ?? challenge.UseCookies;
        if (!string.IsNullOrWhiteSpace(recoveryCode))
        {
            await UseRecoveryCodeAsync(user, recoveryCode, from, ct);
            return (user, "pwd+recovery", cookies);
        }
        var digits = TotpCodes.Normalize(code) ?? throw ParleyError.Invalid("code", "Enter the 6-digit code from your authenticator app, or a recovery code.");
        var row = await db.Set<TwoFactorSecret>().AsNoTracking().FirstOrDefaultAsync(s => s.UserId == user.Id, ct);
        if (row?.ProtectedSecret is null) throw TwoFactorChallenges.Expired();
        await AcceptCodeAsync(user, _secrets.Unprotect(row.ProtectedSecret), digits, from, ct);
        return (user, "pwd+totp", cookies);
    }

    /// <summary>Enrolment the server requires, begun with the sign-in's challenge instead of a session.</summary>
    public async Task<TwoFactorSetupDto> BeginRequiredAsync(string? sealedChallenge, CancellationToken ct) =>
        await BeginAsync(await ChallengedUserAsync(challenges.Read(sealedChallenge, ChallengeKind.Setup), ct), ct);

    /// <summary>Confirms the required enrolment: two-factor on, recovery codes issued; the caller completes the sign-in.</summary>
    public async Task<(User User, List<string> RecoveryCodes, bool UseCookies)> ConfirmRequiredAsync(string? sealedChallenge, string? code,
        bool? useCookies, IPAddress? from, CancellationToken ct)
    {
        var challenge = challenges.Read(sealedChallenge, ChallengeKind.Setup);
        var user = await ChallengedUserAsync(challenge, ct);
        return (user, await ConfirmAsync(user, code, from, ct), useCookies ?? challenge.UseCookies);
    }

    /// <summary>The user as they were when the password was checked: same security stamp, still open.</summary>
    private async Task<User> ChallengedUserAsync(Challenge challenge, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == challenge.UserId, ct);
        if (user is not { DeactivatedAt: null } || !FixedTime(user.SecurityStamp ?? "", challenge.SecurityStamp)) throw TwoFactorChallenges.Expired();
        return user;
    }

    /// <summary>
    /// A right code is accepted once: the update only succeeds while the stored step is older than the code's, so of two
    /// uses of one code (on any nodes) one wins, and a code older than the last one accepted never does.
    /// </summary>
    private async Task AcceptCodeAsync(User user, string secret, string digits, IPAddress? from, CancellationToken ct)
    {
        var key = CodeKey(from, user);
        if (throttle.Wait(key) is { } wait) throw SignInThrottle.Refusal(wait);
        if (TotpCodes.MatchingStep(secret, digits, Now) is not { } step) throw WrongCode(key, 401);
        var accepted = await db.Set<TwoFactorSecret>().Where(s => s.UserId == user.Id && s.LastStep < step)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastStep, step), ct);
        if (accepted == 0)
        {
            throttle.Fail(key);
            throw new ParleyError(401, "This code was already used. Wait for the next one in your app.", "code", code: ErrorCodes.CodeReplayed);
        }
        throttle.Succeeded(key);
    }

    /// <summary>Deletes the matching code with the audit entry in one write; a code used twice at once deletes no row the second time.</summary>
    private async Task UseRecoveryCodeAsync(User user, string recoveryCode, IPAddress? from, CancellationToken ct)
    {
        var key = CodeKey(from, user);
        if (throttle.Wait(key) is { } wait) throw SignInThrottle.Refusal(wait);
        var hash = TotpCodes.RecoveryHash(recoveryCode);
        var row = recoveryCode.Length <= 64 ? await db.Set<RecoveryCode>().FirstOrDefaultAsync(c => c.UserId == user.Id && c.CodeHash == hash, ct) : null;
        if (row is null) throw WrongRecoveryCode(key);
        db.Remove(row);
        AuditLog.Record(db, Now, user.Id, "auth.recovery_code_used", targetUserId: user.Id);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw WrongRecoveryCode(key); }
        throttle.Succeeded(key);
    }

    private List<string> ReplaceRecoveryCodes(Guid userId, List<RecoveryCode> old)
    {
        db.RemoveRange(old);
        var codes = TotpCodes.NewRecoveryCodes();
        foreach (var code in codes)
            db.Add(new RecoveryCode { Id = Guid.CreateVersion7(), UserId = userId, CodeHash = TotpCodes.RecoveryHash(code) });
        return codes;
    }

    /// <summary>The same tries as sign-in, per address and account (as closing the account does).</summary>
    private async Task CheckPasswordAsync(User user, string? password, IPAddress? from)
    {
        if (string.IsNullOrEmpty(password)) throw ParleyError.Invalid("password", "Password is required.");
        await throttle.ConfirmPasswordAsync(users, user, password, from);
    }

    private ParleyError WrongCode(string key, int status) =>
        throttle.Fail(key) is { } locked ? SignInThrottle.Refusal(locked) : new ParleyError(status, "That code is not right. Check your app's clock and try again.", "code", code: ErrorCodes.CodeWrong);

    private ParleyError WrongRecoveryCode(string key) =>
        throttle.Fail(key) is { } locked ? SignInThrottle.Refusal(locked) : new ParleyError(401, "That recovery code is wrong or was used already.", "recoveryCode", code: ErrorCodes.CodeWrong);

    /// <summary>Codes are counted apart from passwords: a right password must not reset the count of wrong codes.</summary>
    private static string CodeKey(IPAddress? from, User user) => "2fa|" + SignInThrottle.Key(from, user.NormalizedUserName ?? "");

    private async Task<User> FindAsync(Guid me, CancellationToken ct) =>
        await db.Users.FirstOrDefaultAsync(u => u.Id == me, ct) ?? throw new ParleyError(401, "Not signed in.");

    private static bool FixedTime(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
