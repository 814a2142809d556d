using Microsoft.Extensions.Options;
using Parley.Server.Accounts;

namespace Parley.Server.Infrastructure;

/// <summary>Response headers every page and API answer carries, and the Origin check against cross-site use.</summary>
public static class WebSecurity
{
    /// <remarks>
    /// Trusted Types: every HTML and script-URL sink takes only values signed by the client's one policy, "parley"
    /// (web/src/lib/trustedTypes.ts: DOMPurify's output and the service worker's URL); no other policy may be created.
    /// </remarks>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
        "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types parley";

    /// <summary>Set when the response starts, so answers written by the exception handler (which clears headers) carry them too.</summary>
    public static void UseSecurityHeaders(this WebApplication app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var h = ((HttpResponse)state).Headers;
            // Served files set a stricter policy of their own (sandbox); everything else gets the app's.
            if (string.IsNullOrEmpty(h.ContentSecurityPolicy)) h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, http.Response);
        return next(http);
    });

    /// <summary>
    /// Browsers send Origin on WebSocket handshakes and cross-site writes; CORS does not protect WebSockets.
    /// A foreign Origin may not open the hub (cross-site WebSocket hijacking) nor make an unsafe request riding the cookie.
    /// Clients that send no Origin (bots, the CLI) are not browsers and are judged by their token alone.
    /// </summary>
    public static void UseOriginCheck(this WebApplication app) => app.Use(async (http, next) =>
    {
        var origin = http.Request.Headers.Origin.ToString();
        var guarded = http.Request.Path.StartsWithSegments(AuthSetup.HubPath) || !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method);
        if (origin.Length > 0 && guarded && !IsAllowed(origin, http))
        {
            http.Response.StatusCode = 403;
            await TypedResults.Problem(statusCode: 403, title: "This origin may not use Parley.", detail: "Add it to Parley:Hub:AllowedOrigins to allow it.").ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    private static bool IsAllowed(string origin, HttpContext http)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return false;
        // Same site: the origin names the host the browser asked for (scheme may differ behind a TLS proxy).
        if (string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)) return true;
        var allowed = http.RequestServices.GetRequiredService<IOptions<RealtimeOptions>>().Value.AllowedOrigins;
        return allowed.Any(a => string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
