using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Notifications;

/// <summary>
/// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188), one record: an ephemeral
/// P-256 key agreed with the subscription's key, mixed with its auth secret through HKDF, then AES-128-GCM.
/// </summary>
public static class WebPushEncryption
{
    /// <summary>Record size written in the header: one record of at most this many bytes holds the whole message.</summary>
    public const int RecordSize = 4096;
    /// <summary>Push services accept at least 4096 bytes of body; header (86) and tag (16) and the delimiter come off that.</summary>
    public const int MaxPlaintextBytes = RecordSize - 86 - 16 - 1;

    /// <param name="userAgentPublicKey">The subscription's p256dh key: an uncompressed P-256 point (65 bytes).</param>
    /// <param name="authSecret">The subscription's auth secret (16 bytes).</param>
    public static byte[] Encrypt(ReadOnlySpan<byte> userAgentPublicKey, ReadOnlySpan<byte> authSecret, ReadOnlySpan<byte> plaintext,
        ECDiffieHellman? ephemeral = null, byte[]? salt = null)
    {
        if (userAgentPublicKey.Length != 65 || userAgentPublicKey[0] != 0x04) throw new ArgumentException("p256dh must be an uncompressed P-256 point.", nameof(userAgentPublicKey));
        if (authSecret.Length != 16) throw new ArgumentException("auth must be 16 bytes.", nameof(authSecret));
        if (plaintext.Length > MaxPlaintextBytes) throw new ArgumentException($"A push message holds at most {MaxPlaintextBytes} bytes.", nameof(plaintext));

        using var own = ephemeral is null ? ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256) : null;
        var sender = ephemeral ?? own!;
        var senderPublic = PublicPoint(sender);
        using var peer = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = userAgentPublicKey[1..33].ToArray(), Y = userAgentPublicKey[33..].ToArray() },
        });
        var shared = sender.DeriveRawSecretAgreement(peer.PublicKey);

        // RFC 8291 §3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" 0x00 ua_public as_public, 32)
        var keyInfo = Concat(Encoding.ASCII.GetBytes("WebPush: info\0"), userAgentPublicKey.ToArray(), senderPublic);
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, authSecret.ToArray(), keyInfo);

        salt ??= RandomNumberGenerator.GetBytes(16);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var cek = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0"));
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, Encoding.ASCII.GetBytes("Content-Encoding: nonce\0"));

        // Header: salt(16) rs(4) idlen(1) keyid(65), then the one (last) record: plaintext, delimiter 0x02, tag.
        var body = new byte[16 + 4 + 1 + 65 + plaintext.Length + 1 + 16];
        salt.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16), RecordSize);
        body[20] = 65;
        senderPublic.CopyTo(body, 21);
        var record = body.AsSpan(86, plaintext.Length + 1);
        plaintext.CopyTo(record);
        record[^1] = 0x02;
        using var gcm = new AesGcm(cek, 16);
        gcm.Encrypt(nonce, record, record, body.AsSpan(86 + record.Length, 16));
        return body;
    }

    public static byte[] PublicPoint(ECDiffieHellman key)
    {
        var p = key.ExportParameters(false);
        return Concat([0x04], p.Q.X!, p.Q.Y!);
    }

    private static byte[] Concat(params ReadOnlySpan<byte[]> parts)
    {
        var result = new byte[parts.ToArray().Sum(p => p.Length)];
        var at = 0;
        foreach (var p in parts) { p.CopyTo(result, at); at += p.Length; }
        return result;
    }
}
