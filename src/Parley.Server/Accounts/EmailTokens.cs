using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Parley.Server.Accounts;

/// <summary>
/// The one-time tokens in mailed links: a protected payload (the data-protection keys live in the database, so any node
/// reads a token another made) of what it is for, whose account, until when, and a fingerprint of the state it acts on.
/// A verification token names the address it verifies (used once: the address is then verified); a reset token holds a
/// hash of the security stamp, which the reset moves (used once; any sign-out-everywhere voids it too).
/// </summary>
public sealed class EmailTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Verify = "verify", Reset = "reset";
    public static readonly TimeSpan VerifyLifetime = TimeSpan.FromHours(24), ResetLifetime = TimeSpan.FromHours(1);

    private readonly IDataProtector _protector = protection.CreateProtector("Parley.Accounts.EmailTokens.v1");

    public string Make(string purpose, Guid userId, string state)
    {
        var expires = clock.GetUtcNow().UtcDateTime + (purpose == Reset ? ResetLifetime : VerifyLifetime);
        return _protector.Protect(string.Join('\n', purpose, userId.ToString("N"), expires.Ticks.ToString(CultureInfo.InvariantCulture), Fingerprint(state)));
    }

    /// <summary>The account the token is for, or null when it is malformed, for another purpose, or expired.</summary>
    public Guid? Read(string? token, string purpose, out string fingerprint)
    {
        fingerprint = "";
        if (string.IsNullOrEmpty(token) || token.Length > 2048) return null;
        string payload;
        try { payload = _protector.Unprotect(token); }
        catch (CryptographicException) { return null; }
        catch (FormatException) { return null; }
        var parts = payload.Split('\n');
        if (parts.Length != 4 || parts[0] != purpose || !Guid.TryParseExact(parts[1], "N", out var userId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks
            || clock.GetUtcNow().UtcDateTime >= new DateTime(ticks, DateTimeKind.Utc))
            return null;
        fingerprint = parts[3];
        return userId;
    }

    /// <summary>Whether a token's fingerprint matches the state now, compared in constant time.</summary>
    public static bool Matches(string fingerprint, string? state) =>
        state is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(fingerprint), Encoding.ASCII.GetBytes(Fingerprint(state)));

    private static string Fingerprint(string state) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(state)))[..32];
}
