using System.Net;
using System.Net.Sockets;

namespace Parley.Server.Notifications;

/// <summary>
/// Push endpoints are URLs chosen by browsers, i.e. by anyone with an account: the server must not become a way to
/// reach its own network. The check runs when connecting, on the addresses actually dialled, so DNS tricks don't help.
/// </summary>
public static class PushEndpointGuard
{
    public static bool IsAcceptableUrl(string endpoint, bool allowPrivate, out Uri? uri) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (allowPrivate && uri.Scheme == Uri.UriSchemeHttp))
        && string.IsNullOrEmpty(uri.UserInfo) && uri.Fragment.Length == 0
        && (allowPrivate || !IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) || IsPublic(ip));

    public static SocketsHttpHandler Handler(bool allowPrivate) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var usable = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
            if (usable.Length == 0) throw new HttpRequestException($"Push endpoint {context.DnsEndPoint.Host} is not on a public address.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(usable, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static bool IsPublic(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast)) return false;
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)   // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                 // link-local, cloud metadata
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }
        var v6 = ip.GetAddressBytes();
        return !(ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6Multicast || ip.IsIPv6UniqueLocal
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8)); // documentation
    }
}
