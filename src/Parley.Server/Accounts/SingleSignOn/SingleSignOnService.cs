using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.Accounts.SingleSignOn;

/// <summary>
/// Accounts behind single sign-on. A provider's person is the pair (provider, <c>sub</c>), kept in Identity's
/// user_logins. Accounts are never matched by e-mail: whoever runs (or fakes) a provider can assert any e-mail, so
/// that would hand them the account of whoever uses it here. An existing account is joined only by "Connect" while
/// signed in to it.
/// </summary>
public sealed class SingleSignOnService(ParleyDb db, UserManager<User> users, IOptionsMonitor<SsoOptions> options, TimeProvider clock,
    Administration.RegistrationGate gate, ILogger<SingleSignOnService> log)
{
    /// <summary>The account for this person: found, linked to <paramref name="linkTo"/>, or new. Linked: true when it was a Connect.</summary>
    public async Task<(User User, bool Linked)> ResolveAsync(string provider, ClaimsPrincipal person, Guid? linkTo, CancellationToken ct)
    {
        var config = options.CurrentValue.Providers.GetValueOrDefault(provider) ?? throw new SsoRefusal(SsoErrors.Failed, "Unknown provider.");
        var subject = person.FindFirstValue("sub");
        if (string.IsNullOrEmpty(subject) || subject.Length > 256) throw new SsoRefusal(SsoErrors.Failed, "The id token has no usable sub claim.");
        var now = clock.GetUtcNow().UtcDateTime;

        if (await users.FindByLoginAsync(provider, subject) is { } known)
        {
            if (known.DeactivatedAt is not null) throw new SsoRefusal(SsoErrors.ClosedAccount, "The account linked to this sign-in is closed.");
            if (linkTo is { } other && other != known.Id)
                throw new SsoRefusal(SsoErrors.AlreadyLinked, "This sign-in is already linked to another account.");
            await ApplyRolesAsync(known, config, person, now);
            return (known, linkTo is not null);
        }

        if (linkTo is { } id)
        {
            var user = await users.FindByIdAsync(id.ToString());
            if (user is not { DeactivatedAt: null }) throw new SsoRefusal(SsoErrors.ClosedAccount, "This account is closed.");
            if ((await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == provider))
                throw new SsoRefusal(SsoErrors.AlreadyLinked, "This account is already linked to another sign-in at this provider.");
            AuditLog.Record(db, now, user.Id, "auth.sso_linked", targetUserId: user.Id, reason: provider);
            Check(await users.AddLoginAsync(user, new UserLoginInfo(provider, subject, config.DisplayName ?? provider)));
            log.LogInformation("Single sign-on with {Provider} linked to account {UserId}", provider, user.Id);
            return (user, true);
        }

        return (await CreateAsync(provider, config, subject, person, now, ct), false);
    }

    private async Task<User> CreateAsync(string provider, SsoProviderOptions config, string subject, ClaimsPrincipal person, DateTime now, CancellationToken ct)
    {
        // The server's registration mode decides, as for sign-up; an invite link can't come through a provider, so
        // invite mode refuses too (such people sign up with the invite, then Connect).
        try { await using var _ = await gate.AdmitAsync(null, ct); }
        catch (ParleyError e) when (e.Code == ErrorCodes.RegistrationClosed)
        {
            throw new SsoRefusal(SsoErrors.RegistrationClosed, "Registration is closed: this sign-in is not linked to an account here.");
        }

        var userName = await FreeUserNameAsync(SsoUserNames.FromClaim(person.FindFirstValue(config.UserNameClaim)));
        var displayName = person.FindFirstValue(config.DisplayNameClaim)?.Trim();
        if (AccountRules.LineProblem(displayName, "Display name", AccountRules.MaxDisplayName, required: true) is not null) displayName = userName;
        // No password at all (not a random one): nothing to guess, and "has no password" is what the unlink rule reads.
        var user = new User { Id = Guid.CreateVersion7(), UserName = userName, DisplayName = displayName!, CreatedAt = now };
        ApplyRoles(user, config, person, now);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        AuditLog.Record(db, now, user.Id, "auth.sso_account_created", targetUserId: user.Id, reason: provider);
        Check(await users.CreateAsync(user));
        Check(await users.AddLoginAsync(user, new UserLoginInfo(provider, subject, config.DisplayName ?? provider)));
        await tx.CommitAsync(ct);
        log.LogInformation("Single sign-on with {Provider} created account {UserId}", provider, user.Id);
        return user;
    }

    /// <summary>The name, or the name with the smallest free number after it.</summary>
    private async Task<string> FreeUserNameAsync(string wanted)
    {
        if (await users.FindByNameAsync(wanted) is null) return wanted;
        for (var n = 2; n < 100; n++)
        {
            var suffix = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var candidate = wanted[..Math.Min(wanted.Length, AccountRules.MaxUserName - suffix.Length)] + suffix;
            if (await users.FindByNameAsync(candidate) is null) return candidate;
        }
        return wanted[..Math.Min(wanted.Length, AccountRules.MaxUserName - 9)] + "-" + Guid.NewGuid().ToString("N")[..8];
    }

    private async Task ApplyRolesAsync(User user, SsoProviderOptions config, ClaimsPrincipal person, DateTime now)
    {
        if (ApplyRoles(user, config, person, now)) await db.SaveChangesAsync();
    }

    /// <summary>
    /// With AdminGroups/ModeratorGroups configured, the provider's groups decide the server role at every sign-in
    /// (admin, moderator, else member). The owner and guests are left as they are.
    /// </summary>
    private bool ApplyRoles(User user, SsoProviderOptions config, ClaimsPrincipal person, DateTime now)
    {
        if (!config.MapsRoles || user.ServerRole is ServerRole.Owner or ServerRole.Guest) return false;
        var groups = person.FindAll(config.GroupsClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var role = config.AdminGroups.Any(groups.Contains) ? ServerRole.Admin
            : config.ModeratorGroups.Any(groups.Contains) ? ServerRole.Moderator
            : ServerRole.Member;
        if (role == user.ServerRole) return false;
        AuditLog.Record(db, now, null, "auth.sso_role_changed", targetUserId: user.Id,
            reason: $"{ServerRoles.Wire(user.ServerRole)} → {ServerRoles.Wire(role)} by the provider's groups", details: new { from = ServerRoles.Wire(user.ServerRole), to = ServerRoles.Wire(role) });
        user.ServerRole = role;
        return true;
    }

    /// <summary>Providers this account is linked to, beside every configured one.</summary>
    public async Task<List<SsoLinkDto>> LinksAsync(Guid me)
    {
        var linked = await db.Set<IdentityUserLogin<Guid>>().Where(l => l.UserId == me).Select(l => l.LoginProvider).ToListAsync();
        return options.CurrentValue.Providers.Select(p => new SsoLinkDto(p.Key, p.Value.DisplayName ?? p.Key, linked.Contains(p.Key))).ToList();
    }

    /// <summary>
    /// Unlinks a provider. Refused (409 sso_last_sign_in) when it would leave no way in: an account without a password
    /// and no other provider, or (in SSO-only mode, where passwords are refused) anyone but the owner with no other provider.
    /// </summary>
    public async Task UnlinkAsync(Guid me, string provider)
    {
        var user = await users.FindByIdAsync(me.ToString()) ?? throw ParleyError.NotFound("Account");
        var logins = await users.GetLoginsAsync(user);
        var login = logins.FirstOrDefault(l => l.LoginProvider == provider) ?? throw ParleyError.NotFound("Linked provider");
        var others = logins.Count(l => l.LoginProvider != provider && options.CurrentValue.Providers.ContainsKey(l.LoginProvider));
        var passwordWorks = user.PasswordHash is not null && (!options.CurrentValue.Only || user.ServerRole == ServerRole.Owner);
        if (others == 0 && !passwordWorks)
            throw new ParleyError(409, "This is the only way to sign in to this account: it can't be disconnected.", "provider", code: SsoErrors.LastSignIn);
        // Straight from the table, not UserManager.RemoveLoginAsync: that moves the security stamp, which would end
        // every session, this one included, for giving up a way in rather than losing one.
        db.RemoveRange(await db.Set<IdentityUserLogin<Guid>>().Where(l => l.UserId == me && l.LoginProvider == provider).ToListAsync());
        AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, me, "auth.sso_unlinked", targetUserId: me, reason: provider);
        await db.SaveChangesAsync();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}

public static class SsoUserNames
{
    /// <summary>A valid Parley user name from the provider's (its part before '@', other characters as '_'), or "user".</summary>
    public static string FromClaim(string? claim)
    {
        var name = (claim ?? "").Split('@')[0];
        var chars = name.Select(c => AccountRules.UserNameCharacters.Contains(c) ? c : '_').ToArray();
        var s = new string(chars).TrimStart('.', '_', '-');
        if (s.Length > AccountRules.MaxUserName) s = s[..AccountRules.MaxUserName];
        if (s.Length < AccountRules.MinUserName) s = ("user" + s)[..Math.Min(AccountRules.MaxUserName, 4 + s.Length)];
        return AccountRules.UserNameProblem(s) is null ? s : "user";
    }
}
