using System.Security.Cryptography;
using System.Text;
using OtpNet;
using QRCoder;

namespace Parley.Server.Accounts.TwoFactor;

/// <summary>
/// RFC 6238 codes as every authenticator app makes them (SHA-1, 6 digits, 30 s), the enrolment link and its QR code,
/// and the recovery codes. Pure: no storage, the time comes from the caller.
/// </summary>
public static class TotpCodes
{
    public const int SecretBytes = 20;
    public const int RecoveryCodesPerSet = 10;

    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(SecretBytes));

    /// <summary>The time step the code belongs to when it is right for now, the step before or the step after (clock skew); else null.</summary>
    public static long? MatchingStep(string base32Secret, string code, DateTime utcNow)
    {
        var totp = new Totp(Base32Encoding.ToBytes(base32Secret));
        // Otp.NET compares in constant time.
        return totp.VerifyTotp(utcNow, code, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>Six digits after spaces are dropped (apps show "123 456"), or null.</summary>
    public static string? Normalize(string? code)
    {
        var digits = code?.Replace(" ", "").Trim();
        return digits is { Length: 6 } && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>The otpauth:// link authenticator apps read from the QR code.</summary>
    public static string OtpauthUri(string issuer, string userName, string base32Secret)
    {
        var label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(userName);
        return $"otpauth://totp/{label}?secret={base32Secret}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits=6&period=30";
    }

    /// <summary>The link as an SVG QR code, drawn here: no outside service sees the secret.</summary>
    public static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }

    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i to misread

    /// <summary>A set of random codes "xxxxx-xxxxx" (about 49 bits each), shown once.</summary>
    public static List<string> NewRecoveryCodes() =>
        Enumerable.Range(0, RecoveryCodesPerSet)
            .Select(_ => RandomNumberGenerator.GetString(RecoveryAlphabet, 10).Insert(5, "-"))
            .ToList();

    /// <summary>What is stored of a recovery code: the SHA-256 (hex) of the code without dashes, spaces or case.</summary>
    public static string RecoveryHash(string code)
    {
        var plain = new string(code.Where(c => c is not ('-' or ' ')).Select(char.ToLowerInvariant).ToArray());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plain)));
    }
}
