using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>currentPassword proves it is the owner at the keyboard; endOtherSessions signs every other session out.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword, bool EndOtherSessions = true);

/// <summary>
/// Changing one's password. With endOtherSessions the security stamp moves, which voids every token and cookie of the
/// account (also sessions older than the session list), and this session is issued again under the same id so it
/// goes on; without, the stamp stays and every session goes on.
/// </summary>
public sealed class PasswordChangeService(ParleyDb db, UserManager<User> users, IPasswordHasher<User> hasher, SignInManager<User> signIn,
    SignInThrottle throttle, IChatAudience groups, IOptions<AuthOptions> auth, TimeProvider clock)
{
    public const string EndedByPasswordChange = "The password was changed and this session was signed out.";
    /// <summary>To this session's own connections: it goes on under new credentials, which the client has by then.</summary>
    public const string Reissued = "The password was changed; this session continues. Connect again.";

    /// <summary>The principal to issue this session again with, or null when nothing needs issuing.</summary>
    public async Task<ClaimsPrincipal?> ChangeAsync(ClaimsPrincipal session, ChangePasswordRequest req, IPAddress? from, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(req.CurrentPassword)) throw ParleyError.Invalid("currentPassword", "Your current password is required.");
        if (string.IsNullOrEmpty(req.NewPassword)) throw ParleyError.Invalid("newPassword", "A new password is required.");
        var me = session.UserId();
        var user = await users.FindByIdAsync(me.ToString()) ?? throw new ParleyError(401, "Not signed in.");
        if (AccountRules.PasswordProblem(req.NewPassword, user.UserName, user.DisplayName, auth.Value.MinPasswordScore) is { } problem)
            throw ParleyError.Invalid("newPassword", problem);
        if (req.NewPassword == req.CurrentPassword) throw ParleyError.Invalid("newPassword", "The new password must differ from the current one.");

        await throttle.ConfirmPasswordAsync(users, user, req.CurrentPassword, from, "currentPassword");

        var now = clock.GetUtcNow().UtcDateTime;
        var current = session.SessionId();
        user.PasswordHash = hasher.HashPassword(user, req.NewPassword);
        Moderation.AuditLog.Record(db, now, me, "auth.password_changed", targetUserId: me,
            reason: req.EndOtherSessions ? "Other sessions were signed out." : "Other sessions were kept.");
        if (!req.EndOtherSessions)
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        var others = await db.UserSessions.Where(s => s.UserId == me && s.EndedAt == null && s.SessionId != current).ToListAsync(ct);
        foreach (var row in others) row.EndedAt = now;
        // Saves the new hash, the audit entry and the ended rows in one write.
        var stamped = await users.UpdateSecurityStampAsync(user);
        if (!stamped.Succeeded) throw new InvalidOperationException(string.Join(" ", stamped.Errors.Select(e => e.Description)));
        foreach (var row in others) await groups.EndSessionAsync(me, row.SessionId, EndedByPasswordChange);
        if (current is null) return null;

        var renewed = await signIn.CreateUserPrincipalAsync(user);
        RefreshRotation.Continue(renewed, current, RefreshRotation.Generation(session));
        if (session.FindFirst(ClaimTypes.AuthenticationMethod) is { } method)
            ((ClaimsIdentity)renewed.Identity!).AddClaim(new Claim(ClaimTypes.AuthenticationMethod, method.Value));
        return renewed;
    }
}
