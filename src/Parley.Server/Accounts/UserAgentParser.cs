namespace Parley.Server.Accounts;

/// <summary>What a session list shows for a user agent: the kind of device, the browser and the operating system.</summary>
public sealed record UserAgentSummary(string Device, string Browser, string Os);

/// <summary>
/// Names the common browsers and systems from a User-Agent header, for people to recognise their own sessions. Not a
/// security decision (the header is the client's to choose), so a small ordered set of rules is enough: the order
/// matters because Edge says "Chrome" and "Safari", and Chrome says "Safari".
/// </summary>
public static class UserAgentParser
{
    public const string ApiClient = "API client", Unknown = "Unknown";

    public static UserAgentSummary Parse(string? userAgent)
    {
        var ua = userAgent ?? "";
        if (ua.Length == 0) return new(Unknown, Unknown, Unknown);
        // Every browser's header starts so; curl, scripts, bots and native apps' HTTP libraries don't.
        if (!ua.StartsWith("Mozilla/", StringComparison.Ordinal)) return new(ApiClient, ApiClient, "");
        var os = OsOf(ua);
        return new(DeviceOf(ua, os), BrowserOf(ua), os);
    }

    private static string BrowserOf(string ua) =>
        Has(ua, "Edg/") || Has(ua, "EdgA/") || Has(ua, "EdgiOS/") ? "Edge"
        : Has(ua, "OPR/") ? "Opera"
        : Has(ua, "Firefox/") || Has(ua, "FxiOS/") ? "Firefox"
        : Has(ua, "Chrome/") || Has(ua, "CriOS/") || Has(ua, "Chromium/") ? "Chrome"
        : Has(ua, "Safari/") && Has(ua, "Version/") ? "Safari"
        : Unknown;

    private static string OsOf(string ua) =>
        Has(ua, "Windows") ? "Windows"
        : Has(ua, "iPhone") || Has(ua, "iPad") || Has(ua, "iPod") ? "iOS"
        : Has(ua, "Android") ? "Android"
        : Has(ua, "CrOS") ? "ChromeOS"
        : Has(ua, "Macintosh") || Has(ua, "Mac OS X") ? "macOS"
        : Has(ua, "Linux") || Has(ua, "X11") ? "Linux"
        : Unknown;

    private static string DeviceOf(string ua, string os) =>
        Has(ua, "iPad") || (os == "Android" && !Has(ua, "Mobile")) ? "Tablet"
        : os is "iOS" or "Android" || Has(ua, "Mobile") ? "Phone"
        : "Computer";

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.Ordinal);
}
