using System.Net;

namespace Parley.Server.Previews;

/// <summary>Names to addresses, asked once per hop by <see cref="SafeFetcher"/> (tests answer with their own).</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}
