using System.Collections.Concurrent;
using System.Net;
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
    private readonly ConcurrentDictionary<string, Failures> _failures = new();
    private int _writes;

    private sealed record Failures(int Count, DateTimeOffset Until);

    /// <summary>Names longer than any account's are cut, so junk can't grow the keys.</summary>
    public static string Key(IPAddress? client, string normalizedUserName) =>
        $"{client}|{(normalizedUserName.Length > AccountRules.MaxUserName ? normalizedUserName[..(AccountRules.MaxUserName + 1)] : normalizedUserName)}";

    /// <summary>How long this pair must wait before its password is checked again; null when it may try now.</summary>
    public TimeSpan? Wait(string key)
    {
        var now = clock.GetUtcNow();
        return _failures.TryGetValue(key, out var f) && f.Count >= options.Value.MaxFailedLogins && f.Until > now ? f.Until - now : null;
    }

    /// <summary>Counts a failure; returns the wait when this one used up the pair's tries.</summary>
    public TimeSpan? Fail(string key)
    {
        var now = clock.GetUtcNow();
        var window = TimeSpan.FromMinutes(options.Value.LockoutMinutes);
        var max = options.Value.MaxFailedLogins;
        // Failures count in a row within a window; the last allowed one starts a full lockout from now.
        var f = _failures.AddOrUpdate(key, _ => new Failures(1, now + window),
            (_, old) => old.Until <= now ? new Failures(1, now + window) : new Failures(old.Count + 1, now + window));
        Sweep(now);
        return f.Count >= max ? f.Until - now : null;
    }

    /// <summary>The right password: the pair starts afresh.</summary>
    public void Succeeded(string key) => _failures.TryRemove(key, out _);

    private void Sweep(DateTimeOffset now)
    {
        if ((Interlocked.Increment(ref _writes) & 1023) != 0) return;
        foreach (var (key, f) in _failures)
            if (f.Until <= now) _failures.TryRemove(key, out _);
    }

    public static ParleyError Refusal(TimeSpan wait) =>
        ParleyError.TooMany("Too many failed sign-in attempts. Try again later.", wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1));
}
