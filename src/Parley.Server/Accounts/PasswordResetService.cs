using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Email;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.Accounts;

/// <summary>
/// A forgotten password: a one-time link (1 hour) mailed to the account's verified address, then a new password. The
/// reset moves the security stamp, which voids the link and ends every session of the account.
/// </summary>
public sealed class PasswordResetService(ParleyDb db, UserManager<User> users, IPasswordHasher<User> hasher, EmailTokens tokens, MailQueue mail,
    MailLinks links, EmailAddressService addresses, AccountService accounts, Administration.ServerSettingsStore settings, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<AuthOptions> auth)
{
    /// <summary>
    /// POST /api/auth/forgot-password: the caller always hears the same (202), after the same work, whether or not the
    /// login names an account with a verified address; only then does a mail go out (from the background queue).
    /// </summary>
    public async Task ForgotAsync(ForgotPasswordRequest req, HttpRequest request)
    {
        addresses.RequireEnabled();
        var login = req.Login?.Trim();
        if (string.IsNullOrEmpty(login)) throw ParleyError.Invalid("login", "User name or e-mail is required.");
        if (login.Length > EmailRules.MaxEmail) throw ParleyError.Invalid("login", $"User name or e-mail must be at most {EmailRules.MaxEmail} characters.");

        User? user;
        if (login.Contains('@'))
        {
            var normalized = users.NormalizeEmail(login);
            user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized && u.EmailConfirmed);
        }
        else user = await users.FindByNameAsync(login);
        var reachable = user is { DeactivatedAt: null, EmailConfirmed: true, Email: not null };
        // The token is made either way, so the time taken doesn't tell either.
        var token = tokens.Make(EmailTokens.Reset, user?.Id ?? Guid.Empty, user?.SecurityStamp ?? "");
        var server = await settings.GetAsync();
        if (reachable) mail.Enqueue(AccountMails.Reset(user!.Email!, user.DisplayName, server.Name, links.To(request, "/reset-password", token)));
    }

    /// <summary>POST /api/auth/reset-password: a bad, used or expired token is 400 token; a weak password 400 newPassword; nothing changes then.</summary>
    public async Task ResetAsync(ResetPasswordRequest req)
    {
        addresses.RequireEnabled();
        var id = tokens.Read(req.Token, EmailTokens.Reset, out var fingerprint);
        var user = id is { } userId ? await users.FindByIdAsync(userId.ToString()) : null;
        if (user is not { DeactivatedAt: null } || !EmailTokens.Matches(fingerprint, user.SecurityStamp)) throw EmailAddressService.UsedOrExpired();
        if (AccountRules.PasswordProblem(req.NewPassword, user.UserName, user.DisplayName, auth.Value.MinPasswordScore) is { } problem) throw ParleyError.Invalid("newPassword", problem);

        user.PasswordHash = hasher.HashPassword(user, req.NewPassword!);
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, user.Id, "auth.password_reset", targetUserId: user.Id,
            reason: "With a link mailed to the verified address.");
        // The new stamp (saved with the hash and the audit entry) voids this link and every session's tokens and cookies.
        await accounts.EndAllSessionsAsync(user, "Your password was reset. Sign in again with the new one.");
    }
}
