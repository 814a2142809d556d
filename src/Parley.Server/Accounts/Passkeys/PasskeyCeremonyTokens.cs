using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts.Passkeys;

/// <summary>
/// Carries a ceremony's options (and so its challenge) from the options call to the answer, through the client: the
/// options are protected with the shared data-protection keys, so any node can read them back, and nothing is stored.
/// A token names its ceremony and, for registration, the account; it expires after <see cref="Lifetime"/>. It is not
/// single-use: a replayed answer still needs a fresh signature over this challenge, and the signature counter.
/// </summary>
public sealed class PasskeyCeremonyTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly IDataProtector _protector = protection.CreateProtector("Parley.Passkeys.Ceremony.v1");

    public enum Ceremony { Register, SignIn }

    private sealed record Payload(Ceremony Ceremony, Guid? UserId, long ExpiresAt, string Options);

    public string Issue(Ceremony ceremony, Guid? userId, string optionsJson)
    {
        var expires = (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new Payload(ceremony, userId, expires, optionsJson));
        return WebEncoders.Base64UrlEncode(_protector.Protect(bytes));
    }

    /// <summary>
    /// The options this token was issued with, or a refusal naming the token (forged, expired, or for another ceremony
    /// or account) with <paramref name="status"/>: 401 for sign-in, 400 for a signed-in user (a 401 would read as signed out).
    /// </summary>
    public string Redeem(string? token, Ceremony ceremony, Guid? userId, int status)
    {
        if (string.IsNullOrEmpty(token)) throw new ParleyError(status, "The passkey request token is missing.", "token", code: ErrorCodes.PasskeyTokenInvalid);
        Payload? payload;
        try { payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))); }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException) { payload = null; }
        if (payload is null || payload.Ceremony != ceremony || payload.UserId != userId)
            throw new ParleyError(status, "The passkey request token is not valid. Start again.", "token", code: ErrorCodes.PasskeyTokenInvalid);
        if (clock.GetUtcNow().ToUnixTimeSeconds() >= payload.ExpiresAt)
            throw new ParleyError(status, "The passkey request expired. Start again.", "token", code: ErrorCodes.PasskeyTokenExpired);
        return payload.Options;
    }
}
