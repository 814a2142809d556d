using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A Web Push service on loopback (RFC 8030's "push resource" side): it records what Parley posts, and a device of it
/// checks the VAPID token (RFC 8292) and decrypts the payload (RFC 8291) with its own private key — code written
/// here from the RFCs, not Parley's.
/// </summary>
public sealed class TestPushService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new();
    private readonly ConcurrentDictionary<string, Channel<Received>> _received = new();

    public sealed record Received(string Device, IHeaderDictionary Headers, byte[] Body, int AnsweredWith);

    private TestPushService(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<TestPushService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new TestPushService(app);
        app.MapPost("/push/{device}", async (string device, HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var status = service._answers.TryGetValue(device, out var plan) && plan.TryDequeue(out var s) ? s : 201;
            var headers = new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value));
            service.Inbox(device).Writer.TryWrite(new Received(device, headers, buffer.ToArray(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        service.BaseAddress = new Uri(app.Urls.First());
        return service;
    }

    private Channel<Received> Inbox(string device) => _received.GetOrAdd(device, _ => Channel.CreateUnbounded<Received>());

    /// <summary>The next answers for this device, in order (then 201 Created).</summary>
    public void AnswerNext(string device, params int[] statuses)
    {
        var plan = _answers.GetOrAdd(device, _ => new ConcurrentQueue<int>());
        foreach (var s in statuses) plan.Enqueue(s);
    }

    public async Task<Received> NextAsync(string device, TimeSpan? timeout = null) =>
        await Inbox(device).Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(15));

    public bool HasPending(string device) => Inbox(device).Reader.TryPeek(out _);

    public Device NewDevice(string name) => new(this, name);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A browser's side of one subscription: its endpoint, its keys, and decryption.</summary>
    public sealed class Device(TestPushService service, string name)
    {
        private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        private readonly byte[] _auth = RandomNumberGenerator.GetBytes(16);

        public string Name => name;
        public string Endpoint => new Uri(service.BaseAddress, "/push/" + name).ToString();
        public byte[] PublicKey
        {
            get { var q = _key.ExportParameters(false).Q; return [0x04, .. q.X!, .. q.Y!]; }
        }
        public object Subscription => new { endpoint = Endpoint, keys = new { p256dh = Base64Url.EncodeToString(PublicKey), auth = Base64Url.EncodeToString(_auth) } };

        /// <summary>Checks the request as a push service and a browser would, and returns the decrypted JSON.</summary>
        public JsonElement Open(Received r, string serverPublicKey)
        {
            Assert.Equal("aes128gcm", r.Headers.ContentEncoding.ToString());
            Assert.True(int.Parse(r.Headers["TTL"].ToString()) > 0, "TTL header");
            VerifyVapid(r.Headers.Authorization.ToString(), serverPublicKey);
            return JsonDocument.Parse(Decrypt(r.Body)).RootElement.Clone();
        }

        private void VerifyVapid(string authorization, string serverPublicKey)
        {
            Assert.StartsWith("vapid ", authorization);
            var parts = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal(serverPublicKey, parts["k"]);
            var jwt = parts["t"].Split('.');
            Assert.Equal(3, jwt.Length);
            var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[0])).RootElement;
            Assert.Equal("ES256", header.GetProperty("alg").GetString());
            var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[1])).RootElement;
            Assert.Equal(service.BaseAddress.GetLeftPart(UriPartial.Authority), claims.GetProperty("aud").GetString());
            var exp = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
            Assert.InRange(exp, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(24));
            Assert.Matches("^(mailto:|https://)", claims.GetProperty("sub").GetString());

            var k = Base64Url.DecodeFromChars(parts["k"]);
            using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = k[1..33], Y = k[33..] } });
            Assert.True(ecdsa.VerifyData(Encoding.ASCII.GetBytes(jwt[0] + "." + jwt[1]), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256),
                "the VAPID JWT signature does not verify with the server's public key");
        }

        private byte[] Decrypt(byte[] body)
        {
            // RFC 8188 header: salt(16) rs(4) idlen(1) keyid(idlen)
            var salt = body[..16];
            var rs = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16));
            Assert.True(rs >= 18);
            var idLength = body[20];
            Assert.Equal(65, idLength);
            var senderPublic = body[21..86];
            var ciphertext = body[86..];
            Assert.True(ciphertext.Length <= rs, "one record");

            using var sender = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = senderPublic[1..33], Y = senderPublic[33..] },
            });
            var ecdhSecret = _key.DeriveRawSecretAgreement(sender.PublicKey);
            // RFC 8291 §3.3–3.4
            var prkKey = HMACSHA256.HashData(_auth, ecdhSecret);
            byte[] keyInfo = [.. "WebPush: info\0"u8, .. PublicKey, .. senderPublic];
            var ikm = HMACSHA256.HashData(prkKey, (byte[])[.. keyInfo, 0x01])[..32];
            var prk = HMACSHA256.HashData(salt, ikm);
            var cek = HMACSHA256.HashData(prk, (byte[])[.. "Content-Encoding: aes128gcm\0"u8, 0x01])[..16];
            var nonce = HMACSHA256.HashData(prk, (byte[])[.. "Content-Encoding: nonce\0"u8, 0x01])[..12];

            var plain = new byte[ciphertext.Length - 16];
            using var gcm = new AesGcm(cek, 16);
            gcm.Decrypt(nonce, ciphertext[..^16], ciphertext[^16..], plain);
            // Padding: the content, then the delimiter 0x02 (last record), then zeros.
            var end = plain.Length - 1;
            while (end >= 0 && plain[end] == 0) end--;
            Assert.True(end >= 0 && plain[end] == 0x02, "last-record delimiter");
            return plain[..end];
        }
    }
}
