using System.Net;
using System.Net.Sockets;

namespace Parley.Server.Previews;

/// <summary>
/// Which addresses a preview may connect to: public unicast only. Refused: loopback, private, link-local (cloud
/// metadata), CGNAT, multicast, broadcast, "this network", reserved and documentation ranges, benchmarking, and the
/// IPv6 forms that carry an IPv4 address (mapped, compatible, 6to4, NAT64, Teredo) when that address is refused.
/// </summary>
public static class AddressRules
{
    public static bool IsPublic(IPAddress ip) =>
        ip.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(ip.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(ip),
            _ => false,
        };

    private static bool IsPublicV4(byte[] b) =>
        !(b[0] == 0                                        // "this network"
          || b[0] == 10 || b[0] == 127
          || (b[0] == 100 && b[1] >= 64 && b[1] < 128)    // carrier-grade NAT
          || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
          || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
          || (b[0] == 192 && b[1] == 168)
          || (b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2))   // IETF protocol assignments, TEST-NET-1
          || (b[0] == 192 && b[1] == 88 && b[2] == 99)     // 6to4 relay anycast
          || (b[0] == 198 && (b[1] == 18 || b[1] == 19))   // benchmarking
          || (b[0] == 198 && b[1] == 51 && b[2] == 100)    // TEST-NET-2
          || (b[0] == 203 && b[1] == 0 && b[2] == 113)     // TEST-NET-3
          || b[0] >= 224);                                 // multicast, reserved, broadcast

    private static bool IsPublicV6(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        if (ip.IsIPv4MappedToIPv6) return IsPublicV4(b[12..]);
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.IPv6Any) || ip.IsIPv6Multicast || ip.IsIPv6LinkLocal
            || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal || ip.IsIPv6Teredo) return false;
        // NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48) reaches the IPv4 address in its last four bytes.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return IsPublicV4(b[12..]);
        // IPv4-compatible (::a.b.c.d, deprecated) and anything else in ::/8: never public.
        if (b[0] == 0) return false;
        // 6to4 (2002::/16) reaches the IPv4 address in bytes 2-5.
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublicV4(b[2..6]);
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;   // documentation
        if (b[0] == 0x01 && b[1] == 0x00 && b[2] == 0 && b[3] == 0) return false;        // discard-only 100::/64
        // Only global unicast (2000::/3) is routed on the internet.
        return (b[0] & 0xE0) == 0x20;
    }
}
