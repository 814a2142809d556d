using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Parley.Server.Calls;

/// <summary>
/// The ICE servers a user's browser may use, with TURN credentials of the TURN REST API scheme coturn checks with
/// --use-auth-secret: username "expiry:userId", password base64(HMAC-SHA1(secret, username)). Nothing is stored:
/// coturn recomputes the password from the secret, and refuses new relays once the expiry has passed.
/// </summary>
public sealed class TurnCredentials(IOptions<CallsOptions> options, TimeProvider clock)
{
    public IReadOnlyList<IceServer> For(Guid userId)
    {
        var o = options.Value;
        var servers = new List<IceServer>(2);
        if (o.StunUrls.Length > 0) servers.Add(new IceServer(o.StunUrls));
        if (o.Turn.Urls.Length > 0)
        {
            var (username, credential) = Issue(o.Turn.Secret, userId, clock.GetUtcNow().AddSeconds(o.Turn.TtlSeconds));
            servers.Add(new IceServer(o.Turn.Urls, username, credential));
        }
        return servers;
    }

    public static (string Username, string Credential) Issue(string secret, Guid userId, DateTimeOffset expiry)
    {
        var username = $"{expiry.ToUnixTimeSeconds()}:{userId}";
        return (username, Sign(secret, username));
    }

    public static string Sign(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
