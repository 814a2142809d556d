using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts.TwoFactor;

/// <summary>What a sign-in still owes after the right password: a code, or enrolment first (the server requires 2FA).</summary>
public enum ChallengeKind { Code, Setup }

/// <summary>The proof that the password was right, which the second step hands back.</summary>
public sealed record Challenge(Guid UserId, string SecurityStamp, bool UseCookies, ChallengeKind Kind, long ExpiresAt);

/// <summary>
/// Challenges are sealed with the shared data-protection keys, so any node can read them and none has to remember them;
/// they expire after five minutes (by the app's clock) and die with the security stamp (a new password, sign-out everywhere).
/// </summary>
public sealed class TwoFactorChallenges(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly IDataProtector _protector = protection.CreateProtector("Parley.TwoFactor.Challenge.v1");

    public string Issue(User user, bool useCookies, ChallengeKind kind) => _protector.Protect(JsonSerializer.Serialize(
        new Challenge(user.Id, user.SecurityStamp ?? "", useCookies, kind, (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds()),
        JsonSerializerOptions.Web));

    /// <summary>The challenge of that kind, still in time; otherwise a 401 naming the field.</summary>
    public Challenge Read(string? sealedChallenge, ChallengeKind kind)
    {
        if (string.IsNullOrEmpty(sealedChallenge)) throw ParleyError.Invalid("challenge", "challenge is required.");
        Challenge? challenge;
        try { challenge = JsonSerializer.Deserialize<Challenge>(_protector.Unprotect(sealedChallenge), JsonSerializerOptions.Web); }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or JsonException) { challenge = null; }
        if (challenge is null || challenge.Kind != kind || clock.GetUtcNow().ToUnixTimeSeconds() >= challenge.ExpiresAt)
            throw Expired();
        return challenge;
    }

    public static ParleyError Expired() =>
        new(401, "This sign-in expired or is not valid. Sign in with your password again.", "challenge", code: ErrorCodes.ChallengeExpired);
}
