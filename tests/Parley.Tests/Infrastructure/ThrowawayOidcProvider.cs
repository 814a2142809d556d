using System.Collections.Concurrent;
using System.Diagnostics;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A real OpenID provider of one test's own: tests/oidc/provider.mjs (oidc-provider, a certified implementation) on a
/// free loopback port, with one client whose redirect URI is the app's callback. Killed on dispose.
/// </summary>
public sealed class ThrowawayOidcProvider : IAsyncDisposable
{
    public const string ClientId = "parley-test";
    public const string ClientSecret = "parley-test-secret-0123456789";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    public Uri Issuer { get; }

    private ThrowawayOidcProvider(Process process, Uri issuer) => (_process, Issuer) = (process, issuer);

    /// <summary>The issuer URL a provider started on <paramref name="port"/> will have (for the app's settings before it starts).</summary>
    public static string IssuerOn(int port) => $"http://127.0.0.1:{port}";

    public static async Task<ThrowawayOidcProvider> StartAsync(int port, params string[] redirectUris)
    {
        var dir = Path.Combine(RepoRoot(), "tests", "oidc");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "oidc-provider")))
            throw new InvalidOperationException($"oidc-provider is not installed: run `npm ci` in {dir}.");
        var info = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "provider.mjs", port.ToString(), ClientId, ClientSecret, string.Join(',', redirectUris) }) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = new ThrowawayOidcProvider(process, new Uri(IssuerOn(port)));
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            provider._output.Enqueue(e.Data);
            if (e.Data.StartsWith("ready ", StringComparison.Ordinal)) ready.TrySetResult(new Uri(e.Data[6..]));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) provider._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("provider.mjs exited: " + provider.Output));
        try { await ready.Task.WaitAsync(TimeSpan.FromSeconds(20)); }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
        return provider;
    }

    public string Output => string.Join('\n', _output);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Parley.slnx not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
        _process.Dispose();
    }
}

/// <summary>
/// A browser for the code flow: keeps cookies for the app and the provider, and follows redirects one hop at a time so
/// a test can see (and tamper with) each one. The provider's sign-in form is answered with the given user name.
/// </summary>
public sealed class SsoBrowser(Uri app) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new(), UseCookies = true })
    {
        BaseAddress = app, Timeout = TimeSpan.FromSeconds(30),
    };

    public HttpClient Http => _http;

    /// <summary>
    /// GETs <paramref name="start"/> and walks the redirects through the provider and back, signing in there as
    /// <paramref name="login"/> (or cancelling, when null). <paramref name="onCallback"/> may rewrite the URL the provider sends
    /// the browser back to (or do something just before it). Returns where the app finally sends the browser.
    /// </summary>
    public async Task<string> SignInAsync(string start, string? login, Func<Uri, Task<Uri>>? onCallback = null)
    {
        var url = new Uri(app, start);
        for (var hop = 0; hop < 15; hop++)
        {
            var response = await _http.GetAsync(url);
            if (response.StatusCode == System.Net.HttpStatusCode.OK && url.AbsolutePath.StartsWith("/interaction/", StringComparison.Ordinal))
                response = await _http.PostAsync(url, new FormUrlEncodedContent(login is null
                    ? new Dictionary<string, string> { ["action"] = "deny" }
                    : new Dictionary<string, string> { ["action"] = "login", ["login"] = login }));
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is null)
                throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var next = new Uri(url, response.Headers.Location);
            var onApp = next.Authority == app.Authority;
            if (onApp && next.AbsolutePath.StartsWith("/signin-sso-", StringComparison.Ordinal))
            {
                if (onCallback is not null) next = await onCallback(next);
            }
            else if (onApp && !next.AbsolutePath.StartsWith("/api/auth/sso/", StringComparison.Ordinal))
                return next.PathAndQuery;
            url = next;
        }
        throw new InvalidOperationException("Too many redirects.");
    }

    public void Dispose() => _http.Dispose();
}
