using System.Security.Cryptography;
using System.Text;
using Parley.Server.Calls;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// TURN credentials of the TURN REST API scheme, checked the way coturn checks them (--use-auth-secret): the
/// password is HMAC-SHA1 of the username under the shared secret, and the username's timestamp is its expiry.
/// </summary>
public sealed class TurnCredentialTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Secret = "a shared secret coturn also has";

    [Fact]
    public async Task IceServersCarryACredentialThatVerifiesWithTheSecretAndExpires()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:Calls:StunUrls:0"] = "stun:127.0.0.1:3478",
            ["Parley:Calls:Turn:Urls:0"] = "turn:127.0.0.1:3478?transport=udp",
            ["Parley:Calls:Turn:Urls:1"] = "turn:127.0.0.1:3478?transport=tcp",
            ["Parley:Calls:Turn:Secret"] = Secret,
            ["Parley:Calls:Turn:TtlSeconds"] = "600",
        });
        var alice = await app.SignUpAsync("alice", "Alice");
        using var http = alice.Http();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var servers = (await Expect.Json(await http.GetAsync("/api/calls/ice-servers", Ct))).EnumerateArray().ToList();
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Assert.Equal(2, servers.Count);
        Assert.Equal(["stun:127.0.0.1:3478"], servers[0].GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        var turn = servers[1];
        Assert.Equal(["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"], turn.GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        var username = turn.GetProperty("username").GetString()!;
        var credential = turn.GetProperty("credential").GetString()!;

        // What coturn computes from the secret alone.
        Assert.Equal(Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(username))), credential);
        Assert.NotEqual(Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes("another secret"), Encoding.UTF8.GetBytes(username))), credential);
        var parts = username.Split(':');
        Assert.Equal(alice.Id, Guid.Parse(parts[1]));
        var expiry = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiry, before + 600, after + 600);
    }

    [Fact]
    public async Task CoturnRelaysWithTheIssuedCredentialAndRefusesAnExpiredOrForgedOne()
    {
        await using var coturn = await ThrowawayCoturn.StartAsync(Secret);
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Parley:Calls:Turn:Urls:0"] = $"turn:127.0.0.1:{coturn.Port}?transport=udp",
            ["Parley:Calls:Turn:Secret"] = Secret,
        });
        var alice = await app.SignUpAsync("alice", "Alice");
        using var http = alice.Http();
        var turn = Assert.Single((await Expect.Json(await http.GetAsync("/api/calls/ice-servers", Ct))).EnumerateArray());
        var username = turn.GetProperty("username").GetString()!;

        Assert.True(await coturn.AllocatesAsync(username, turn.GetProperty("credential").GetString()!));
        var (expired, expiredCredential) = TurnCredentials.Issue(Secret, alice.Id, DateTimeOffset.UtcNow.AddSeconds(-60));
        Assert.False(await coturn.AllocatesAsync(expired, expiredCredential));
        Assert.False(await coturn.AllocatesAsync(username, TurnCredentials.Sign("another secret", username)));
    }

    [Fact]
    public void AnExpiredCredentialSaysSoInItsUsername()
    {
        var user = Guid.NewGuid();
        var past = DateTimeOffset.UtcNow.AddSeconds(-60);
        var (username, credential) = TurnCredentials.Issue(Secret, user, past);
        Assert.Equal($"{past.ToUnixTimeSeconds()}:{user}", username);
        Assert.Equal(TurnCredentials.Sign(Secret, username), credential);
        Assert.True(long.Parse(username.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture) < DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task WithoutTurnConfiguredThereAreNoIceServers()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        using var http = alice.Http();
        Assert.Empty((await Expect.Json(await http.GetAsync("/api/calls/ice-servers", Ct))).EnumerateArray());
    }

    [Fact]
    public void TurnUrlsNeedTheSecretAndUrlsMustBeStunOrTurn()
    {
        static List<string?> Problems(CallsOptions o)
        {
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(o, new(o), results, validateAllProperties: true);
            return [.. results.Select(r => r.ErrorMessage)];
        }

        Assert.Empty(Problems(new CallsOptions()));
        Assert.Contains(Problems(new CallsOptions { Turn = { Urls = ["turn:127.0.0.1:3478"] } }), p => p!.Contains("Parley:Calls:Turn:Secret"));
        Assert.Contains(Problems(new CallsOptions { StunUrls = ["http://example.org"] }), p => p!.Contains("not a STUN or TURN URL"));
        Assert.Empty(Problems(new CallsOptions { StunUrls = ["stun:127.0.0.1:3478"], Turn = { Urls = ["turns:turn.example.org:5349"], Secret = Secret } }));
    }
}
