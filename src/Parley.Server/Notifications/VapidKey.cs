using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Buffers.Text;

namespace Parley.Server.Notifications;

/// <summary>
/// The server's VAPID identity (RFC 8292): one P-256 key, generated on first start and kept in the database so every
/// node and every restart signs with the same key (browsers tie subscriptions to it).
/// </summary>
public sealed class VapidKey : IDisposable
{
    private readonly ECDsa _key;

    public VapidKey(byte[] privateScalar)
    {
        _key = ECDsa.Create();
        _key.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateScalar });
        var p = _key.ExportParameters(false);
        PublicKey = [0x04, .. p.Q.X!, .. p.Q.Y!];
        PublicKeyBase64Url = Base64Url.EncodeToString(PublicKey);
    }

    public static byte[] NewPrivateScalar()
    {
        using var k = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return k.ExportParameters(true).D!;
    }

    /// <summary>The uncompressed public point: what a browser passes as applicationServerKey.</summary>
    public byte[] PublicKey { get; }
    public string PublicKeyBase64Url { get; }

    /// <summary>The Authorization header value for one push service origin: <c>vapid t=&lt;JWT&gt;, k=&lt;key&gt;</c>.</summary>
    public string AuthorizationFor(Uri endpoint, string subject, DateTimeOffset now)
    {
        var audience = endpoint.GetLeftPart(UriPartial.Authority);
        var header = Segment("""{"typ":"JWT","alg":"ES256"}"""u8);
        // At most 24 h ahead (RFC 8292 §2); 12 h leaves room for clock skew.
        var claims = Segment(JsonSerializer.SerializeToUtf8Bytes(new { aud = audience, exp = now.AddHours(12).ToUnixTimeSeconds(), sub = subject }));
        var signingInput = header + "." + claims;
        // .NET signs in IEEE P1363 form (r ‖ s), which is what JWS ES256 wants.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"vapid t={signingInput}.{Base64Url.EncodeToString(signature)}, k={PublicKeyBase64Url}";
    }

    private static string Segment(ReadOnlySpan<byte> json) => Base64Url.EncodeToString(json);

    public void Dispose() => _key.Dispose();
}
