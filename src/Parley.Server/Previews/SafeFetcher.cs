using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Parley.Server.Previews;

/// <summary>Why a fetch gave nothing; None when it gave a body.</summary>
public enum FetchRefusal { None, Url, Scheme, Port, Address, Redirects, Status, ContentType, TooLarge, Timeout, Network }

public sealed record FetchedBody(Uri Url, string MediaType, string? Charset, byte[] Content);

public sealed record FetchResult(FetchedBody? Body, FetchRefusal Refusal)
{
    public static FetchResult Refused(FetchRefusal why) => new(null, why);
}

/// <summary>
/// Fetches what anyone may link to without letting them reach the server's own network (the SSRF of Rocket.Chat's
/// CVE-2024-39713): http(s) on allowed ports only; each host resolved once by us and the connection made to that
/// checked address (a second DNS answer can't swap it); redirects followed by hand, each hop checked again; one
/// deadline for everything, a byte cap, no cookies, no proxy (a proxy would dial for us, unchecked).
/// </summary>
public sealed class SafeFetcher(IHostResolver resolver, IOptions<PreviewsOptions> options)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    public const int MaxPageBytes = 1 << 20;
    public const int MaxImageBytes = 2 << 20;
    public const int MaxRedirects = 3;

    private static readonly HttpRequestOptionsKey<IPAddress[]> Pinned = new("Parley.PinnedAddress");

    /// <summary>An HTML page: at most its first <see cref="MaxPageBytes"/> (what a preview needs is in its head).</summary>
    public Task<FetchResult> FetchPageAsync(string url, CancellationToken ct) =>
        FetchAsync(url, t => t is "text/html" or "application/xhtml+xml", MaxPageBytes, truncate: true, "text/html,application/xhtml+xml", ct);

    /// <summary>An image of at most <see cref="MaxImageBytes"/>; a larger one is refused, not cut.</summary>
    public Task<FetchResult> FetchImageAsync(string url, CancellationToken ct) =>
        FetchAsync(url, t => t.StartsWith("image/", StringComparison.Ordinal), MaxImageBytes, truncate: false, "image/*", ct);

    private async Task<FetchResult> FetchAsync(string url, Func<string, bool> acceptType, int cap, bool truncate, string accept, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var current)) return FetchResult.Refused(FetchRefusal.Url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadline);
        using var handler = CreateHandler();
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            for (var hop = 0; ; hop++)
            {
                var (addresses, refusal) = await CheckAsync(current, deadline.Token);
                if (addresses is null) return FetchResult.Refused(refusal);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Options.Set(Pinned, addresses);
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ParleyPreview", "1.0"));
                request.Headers.Accept.ParseAdd(accept);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop == MaxRedirects) return FetchResult.Refused(FetchRefusal.Redirects);
                    current = new Uri(current, location);
                    continue;
                }
                if (!response.IsSuccessStatusCode) return FetchResult.Refused(FetchRefusal.Status);
                var type = response.Content.Headers.ContentType;
                var mediaType = type?.MediaType?.ToLowerInvariant() ?? "";
                if (!acceptType(mediaType)) return FetchResult.Refused(FetchRefusal.ContentType);
                if (!truncate && response.Content.Headers.ContentLength > cap) return FetchResult.Refused(FetchRefusal.TooLarge);
                var content = await ReadAtMostAsync(response, cap, deadline.Token);
                if (content.Length > cap)
                {
                    if (!truncate) return FetchResult.Refused(FetchRefusal.TooLarge);
                    content = content[..cap];
                }
                return new FetchResult(new FetchedBody(current, mediaType, type?.CharSet, content), FetchRefusal.None);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return FetchResult.Refused(FetchRefusal.Timeout);
        }
        catch (HttpRequestException)
        {
            return FetchResult.Refused(FetchRefusal.Network);
        }
        catch (SocketException)
        {
            return FetchResult.Refused(FetchRefusal.Network);
        }
    }

    /// <summary>The checked addresses this hop may connect to, or why none.</summary>
    private async Task<(IPAddress[]? Addresses, FetchRefusal Refusal)> CheckAsync(Uri uri, CancellationToken ct)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return (null, FetchRefusal.Scheme);
        if (!string.IsNullOrEmpty(uri.UserInfo)) return (null, FetchRefusal.Url);
        var host = uri.IdnHost.Trim('[', ']');
        var allowedHost = IsAllowedHost(host);
        if (!allowedHost && !options.Value.AllowedPorts.Contains(uri.Port)) return (null, FetchRefusal.Port);
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, ct);
        }
        catch (SocketException)
        {
            return (null, FetchRefusal.Network);
        }
        var usable = addresses.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)
            .Where(a => allowedHost || AddressRules.IsPublic(a)).ToArray();
        return usable.Length == 0 ? (null, FetchRefusal.Address) : (usable, FetchRefusal.None);
    }

    private bool IsAllowedHost(string host) => options.Value.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);

    private SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = Deadline,
        MaxResponseHeadersLength = 64,
        // Dial only the addresses CheckAsync approved for this request; never resolve the name again here.
        ConnectCallback = async (context, ct) =>
        {
            if (context.InitialRequestMessage.Options.TryGetValue(Pinned, out var addresses) is false || addresses is not { Length: > 0 })
                throw new HttpRequestException("No checked address for this request.");
            if (!IsAllowedHost(context.DnsEndPoint.Host) && !addresses.All(AddressRules.IsPublic))
                throw new HttpRequestException("Refused a private address.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Up to cap + 1 bytes (one more tells "over the cap" from "exactly the cap"); the rest is never read.</summary>
    private static async Task<byte[]> ReadAtMostAsync(HttpResponseMessage response, int cap, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[cap + 1];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), ct);
            if (read == 0) break;
            total += read;
        }
        return buffer[..total];
    }
}
