using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A passkey authenticator in software, as a browser and its platform authenticator would answer WebAuthn's options:
/// one ES256 key, "none" attestation, user present and verified. Its answers are the JSON the browser's
/// <c>PublicKeyCredential.toJSON()</c> gives (binary as base64url). Knobs let a test answer wrongly.
/// </summary>
public sealed class SoftwareAuthenticator(string origin) : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private byte[]? _userHandle;

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);
    /// <summary>The signature counter: moved on by each assertion; a test may set it back.</summary>
    public uint Counter { get; set; }
    /// <summary>The origin the browser would write into the client data (a phishing site's, to test refusal).</summary>
    public string Origin { get; set; } = origin;

    /// <summary>navigator.credentials.create: the credential for these creation options.</summary>
    public JsonObject Create(JsonElement options)
    {
        var rpId = options.GetProperty("rp").GetProperty("id").GetString()!;
        _userHandle = WebEncoders.Base64UrlDecode(options.GetProperty("user").GetProperty("id").GetString()!);
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!);

        var authData = new List<byte>();
        authData.AddRange(SHA256.HashData(Encoding.UTF8.GetBytes(rpId)));
        authData.Add(0x01 | 0x04 | 0x40);                       // user present, user verified, attested credential data
        authData.AddRange(BigEndian(Counter));
        authData.AddRange(new byte[16]);                         // AAGUID: none
        authData.AddRange([(byte)(CredentialId.Length >> 8), (byte)CredentialId.Length]);
        authData.AddRange(CredentialId);
        authData.AddRange(CosePublicKey());

        var attestation = new CborWriter(CborConformanceMode.Ctap2Canonical);
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString(authData.ToArray());
        attestation.WriteEndMap();

        return Credential(new JsonObject
        {
            ["clientDataJSON"] = B64(clientData),
            ["attestationObject"] = B64(attestation.Encode()),
            ["transports"] = new JsonArray("internal"),
        });
    }

    /// <summary>navigator.credentials.get: an assertion for these request options, signed unless a test spoils it.</summary>
    public JsonObject Get(JsonElement options, bool spoilSignature = false)
    {
        var rpId = options.GetProperty("rpId").GetString()!;
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!);
        Counter++;
        var authData = new List<byte>();
        authData.AddRange(SHA256.HashData(Encoding.UTF8.GetBytes(rpId)));
        authData.Add(0x01 | 0x04);
        authData.AddRange(BigEndian(Counter));
        var signature = _key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        if (spoilSignature) signature[^1] ^= 0x01;

        return Credential(new JsonObject
        {
            ["clientDataJSON"] = B64(clientData),
            ["authenticatorData"] = B64([.. authData]),
            ["signature"] = B64(signature),
            ["userHandle"] = _userHandle is null ? null : B64(_userHandle),
        });
    }

    private JsonObject Credential(JsonObject response) => new()
    {
        ["id"] = B64(CredentialId),
        ["rawId"] = B64(CredentialId),
        ["type"] = "public-key",
        ["response"] = response,
        ["clientExtensionResults"] = new JsonObject(),
    };

    private byte[] ClientData(string type, string challenge) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type, challenge, origin = Origin, crossOrigin = false });

    /// <summary>The COSE_Key of an EC2 P-256 ES256 key, keys in CTAP2 canonical order.</summary>
    private byte[] CosePublicKey()
    {
        var p = _key.ExportParameters(false);
        var cbor = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cbor.WriteStartMap(5);
        cbor.WriteInt32(1); cbor.WriteInt32(2);       // kty: EC2
        cbor.WriteInt32(3); cbor.WriteInt32(-7);      // alg: ES256
        cbor.WriteInt32(-1); cbor.WriteInt32(1);      // crv: P-256
        cbor.WriteInt32(-2); cbor.WriteByteString(p.Q.X!);
        cbor.WriteInt32(-3); cbor.WriteByteString(p.Q.Y!);
        cbor.WriteEndMap();
        return cbor.Encode();
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static string B64(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);

    public void Dispose() => _key.Dispose();
}
