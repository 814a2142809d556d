using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>
/// Failed password checks per (client address, user name): the <c>MaxFailedLogins</c>-th failure in a row refuses that
/// pair for <c>LockoutMinutes</c>. Keyed by the name as typed, whether or not such an account exists, so the answer never
/// tells; and by address, so a stranger's failures can't lock the owner out of their own account from elsewhere.
/// Kept in memory: each node counts its own (the per-address auth rate limit bounds how many pairs one client can open).
/// </summary>
public sealed class SignInThrottle(IOptions<AuthOptions> options, TimeProvider clock)
{
    // Each failure keeps the count for a full window from now: failures count in a row within a window, and the last
    // allowed one starts a full lockout.
    private readonly ExpiringEntries<string, int> _failures = new(clock, TimeSpan.FromMinutes(options.Value.LockoutMinutes));

    /// <summary>Names longer than any account's are cut, so junk can't grow the keys.</summary>
    public static string Key(IPAddress? client, string normalizedUserName) =>
        $"{client}|{(normalizedUserName.Length > AccountRules.MaxUserName ? normalizedUserName[..(AccountRules.MaxUserName + 1)] : normalizedUserName)}";

    /// <summary>How long this pair must wait before its password is checked again; null when it may try now.</summary>
    public TimeSpan? Wait(string key) =>
        _failures.TryGet(key, out var count, out var left) && count >= options.Value.MaxFailedLogins ? left : null;

    /// <summary>Counts a failure; returns the wait when this one used up the pair's tries.</summary>
    public TimeSpan? Fail(string key) =>
        _failures.Update(key, count => count + 1) >= options.Value.MaxFailedLogins ? TimeSpan.FromMinutes(options.Value.LockoutMinutes) : null;

    /// <summary>The right password: the pair starts afresh.</summary>
    public void Succeeded(string key) => _failures.Remove(key);

    /// <summary>
    /// A signed-in user's password asked again before a sensitive change (closing the account, a new password or address,
    /// two-factor): the same tries as sign-in, per address and account, so a stolen session can't guess the password
    /// faster here. Wrong: 403 naming <paramref name="field"/> (none: the form shows it as the dialog's alert); throttled: 429.
    /// </summary>
    public async Task ConfirmPasswordAsync(UserManager<User> users, User user, string password, IPAddress? from, string? field = "password")
    {
        var key = Key(from, user.NormalizedUserName ?? users.NormalizeName(user.UserName)!);
        var correct = await users.CheckPasswordAsync(user, password);
        if (Wait(key) is { } wait) throw Refusal(wait);
        if (!correct)
        {
            if (Fail(key) is { } locked) throw Refusal(locked);
            throw new ParleyError(403, "Wrong password.", field, code: ErrorCodes.Forbidden);
        }
        Succeeded(key);
    }

    public static ParleyError Refusal(TimeSpan wait) =>
        ParleyError.TooMany("Too many failed sign-in attempts. Try again later.", wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1));
}
