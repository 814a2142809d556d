using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Parley.Server.Infrastructure;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy: rate limits per address would lump all clients together,
/// and a proxy that rewrites Host would fail the Origin check. Trusted proxies (Parley:Proxy:KnownProxies) may say who
/// the client is (X-Forwarded-For), how it connected (X-Forwarded-Proto) and which host it asked for (X-Forwarded-Host).
/// Nobody else may: with no proxies configured the headers are ignored, so a client can't spoof its address.
/// </summary>
public static class ReverseProxy
{
    public static void UseTrustedProxies(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection("Parley:Proxy").Get<ProxyOptions>()?.KnownProxies ?? [];
        if (proxies.Length == 0) return;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var p in proxies)
            options.KnownProxies.Add(IPAddress.TryParse(p, out var ip) ? ip : throw new InvalidOperationException($"Parley:Proxy:KnownProxies: '{p}' is not an IP address."));
        app.UseForwardedHeaders(options);
    }
}
