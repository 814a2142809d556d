using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Email;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.Accounts;

/// <summary>
/// A person's e-mail address: set at sign-up or changed (with the password), verified by a mailed one-time link.
/// An address is unique among verified accounts; anonymous answers never tell whether an address is someone's.
/// </summary>
public sealed class EmailAddressService(ParleyDb db, UserManager<User> users, SignInThrottle throttle, IPasswordHasher<User> hasher, EmailTokens tokens,
    MailQueue mail, MailLinks links, IOptions<EmailOptions> email, Administration.ServerSettingsStore settings, TimeProvider clock)
{
    public static ParleyError Off() => new(404, "This server does not send e-mail.", code: ErrorCodes.EmailDisabled);
    public static ParleyError UsedOrExpired() => ParleyError.Invalid("token", "This link was already used or has expired. Ask for a new one.");

    public void RequireEnabled()
    {
        if (!email.Value.Enabled) throw Off();
    }

    /// <summary>The address given at sign-up (checked already): stored unverified, and a link mailed to it.</summary>
    public async Task<MeDto> SetAtSignUpAsync(Guid userId, string address, HttpRequest request)
    {
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw ParleyError.NotFound("User");
        Set(user, address.Trim());
        await db.SaveChangesAsync();
        await MailVerificationAsync(user, request);
        return MeDto.From(user);
    }

    /// <summary>PUT /api/me/email: needs the password (throttled like sign-in). The new address is unverified until its link is opened.</summary>
    public async Task<MeDto> ChangeAsync(Guid me, ChangeEmailRequest req, HttpRequest request)
    {
        RequireEnabled();
        if (EmailRules.EmailProblem(req.Email, required: true) is { } problem) throw ParleyError.Invalid("email", problem);
        if (string.IsNullOrEmpty(req.Password)) throw ParleyError.Invalid("password", "Password is required to change the e-mail address.");
        var user = await users.FindByIdAsync(me.ToString()) ?? throw ParleyError.NotFound("User");
        await CheckPasswordAsync(user, req.Password, request.HttpContext.Connection.RemoteIpAddress);
        var address = req.Email!.Trim();
        var normalized = users.NormalizeEmail(address)!;
        if (user.EmailConfirmed && user.NormalizedEmail == normalized && user.Email == address) return MeDto.From(user);
        if (await VerifiedElsewhereAsync(normalized, user.Id)) throw ParleyError.Conflict("email", "That address is already verified on another account.");
        Set(user, address);
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, me, "auth.email_changed", targetUserId: me);
        await db.SaveChangesAsync();
        await MailVerificationAsync(user, request);
        return MeDto.From(user);
    }

    /// <summary>POST /api/me/email/resend: a new link for the unverified address.</summary>
    public async Task ResendAsync(Guid me, HttpRequest request)
    {
        RequireEnabled();
        var user = await users.FindByIdAsync(me.ToString()) ?? throw ParleyError.NotFound("User");
        if (user.Email is null) throw ParleyError.Conflict("email", "There is no address to verify. Add one first.");
        if (user.EmailConfirmed) throw ParleyError.Conflict("email", "This address is verified already.");
        await MailVerificationAsync(user, request);
    }

    /// <summary>
    /// POST /api/auth/resend-verification: for someone whose sign-in is refused until they verify. The password is checked
    /// as at sign-in (wrong: 401); right, a link goes to the unverified address if there is one.
    /// </summary>
    public async Task ResendForSignInAsync(ResendVerificationRequest req, HttpRequest request)
    {
        RequireEnabled();
        if (string.IsNullOrEmpty(req.UserName)) throw ParleyError.Invalid("userName", "User name is required.");
        if (string.IsNullOrEmpty(req.Password)) throw ParleyError.Invalid("password", "Password is required.");
        var user = req.UserName.Length <= AccountRules.MaxUserName ? await users.FindByNameAsync(req.UserName) : null;
        var key = SignInThrottle.Key(request.HttpContext.Connection.RemoteIpAddress, users.NormalizeName(req.UserName));
        bool correct;
        if (user is { DeactivatedAt: null }) correct = await users.CheckPasswordAsync(user, req.Password);
        else
        {
            hasher.HashPassword(new User(), req.Password); // the same work as a check: the time doesn't tell whether the account exists
            correct = false;
        }
        if (throttle.Wait(key) is { } wait) throw SignInThrottle.Refusal(wait);
        if (!correct)
        {
            if (throttle.Fail(key) is { } locked) throw SignInThrottle.Refusal(locked);
            throw new ParleyError(401, "Wrong user name or password.");
        }
        throttle.Succeeded(key);
        if (user!.Email is not null && !user.EmailConfirmed) await MailVerificationAsync(user, request);
    }

    /// <summary>POST /api/auth/verify-email: the link's token verifies the address it was mailed to, once.</summary>
    public async Task VerifyAsync(VerifyEmailRequest req)
    {
        RequireEnabled();
        var id = tokens.Read(req.Token, EmailTokens.Verify, out var fingerprint);
        var user = id is { } userId ? await users.FindByIdAsync(userId.ToString()) : null;
        if (user is not { DeactivatedAt: null } || user.EmailConfirmed || !EmailTokens.Matches(fingerprint, user.NormalizedEmail)) throw UsedOrExpired();
        if (await VerifiedElsewhereAsync(user.NormalizedEmail!, user.Id))
            throw ParleyError.Conflict("email", "That address is already verified on another account. Sign in to it, or add another address.");
        user.EmailConfirmed = true;
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, user.Id, "auth.email_verified", targetUserId: user.Id);
        try { await db.SaveChangesAsync(); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw ParleyError.Conflict("email", "That address is already verified on another account. Sign in to it, or add another address.");
        }
    }

    private void Set(User user, string address)
    {
        user.Email = address;
        user.NormalizedEmail = users.NormalizeEmail(address);
        user.EmailConfirmed = false;
    }

    private Task<bool> VerifiedElsewhereAsync(string normalized, Guid me) =>
        db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.EmailConfirmed && u.Id != me);

    private async Task MailVerificationAsync(User user, HttpRequest request)
    {
        if (!email.Value.Enabled || user.Email is null) return;
        var token = tokens.Make(EmailTokens.Verify, user.Id, user.NormalizedEmail!);
        var server = await settings.GetAsync();
        mail.Enqueue(AccountMails.Verify(user.Email, user.DisplayName, server.Name, links.To(request, "/verify-email", token)));
    }

    private Task CheckPasswordAsync(User user, string password, IPAddress? from) => throttle.ConfirmPasswordAsync(users, user, password, from);
}
