using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Parley.Server.Previews;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// The SSRF guard of link previews, against a real web site on 127.0.0.1: what anyone may link to must never make the
/// server reach its own network, whatever the URL, the DNS answer or the redirects say.
/// </summary>
public sealed class LinkFetcherTests
{
    private static readonly IPAddress Public = IPAddress.Parse("93.184.216.34");

    /// <summary>Answers from a table (as a hostile DNS server would), counting the questions.</summary>
    private sealed class TableResolver(Dictionary<string, IPAddress[]> table) : IHostResolver
    {
        public int Questions;

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
        {
            Interlocked.Increment(ref Questions);
            return Task.FromResult(table.TryGetValue(host, out var a) ? a : []);
        }
    }

    private static SafeFetcher Fetcher(IHostResolver resolver, int[]? ports = null, string[]? allowedHosts = null) =>
        new(resolver, Options.Create(new PreviewsOptions { AllowedPorts = ports ?? [80, 443], AllowedHosts = allowedHosts ?? [] }));

    private static TableResolver Resolver(params (string Host, IPAddress Address)[] entries) =>
        new(entries.ToDictionary(e => e.Host, e => new[] { e.Address }));

    private const string Article = """<html><head><title>Plain title</title><meta property="og:title" content="The article"></head><body>text</body></html>""";

    private static Task<TestWebSite> SiteAsync() => TestWebSite.StartAsync(ctx => ctx.Request.Path.Value switch
    {
        "/article" => TestWebSite.Html(ctx, Article),
        "/to-loopback" => TestWebSite.Redirect(ctx, $"http://127.0.0.1:{ctx.Connection.LocalPort}/article"),
        "/to-internal" => TestWebSite.Redirect(ctx, $"http://intranet.example.com:{ctx.Connection.LocalPort}/article"),
        "/loop" => TestWebSite.Redirect(ctx, "/loop"),
        "/json" => WriteAsync(ctx, "application/json", "{}"u8.ToArray()),
        "/big" => WriteAsync(ctx, "text/html", Encoding.UTF8.GetBytes(
            "<html><head><title>Big</title></head><body>" + new string('x', 2 << 20) + "<meta name=\"description\" content=\"past the cap\"></body></html>")),
        "/endless" => EndlessAsync(ctx),
        "/huge.png" => WriteAsync(ctx, "image/png", [.. TestWebSite.Png, .. new byte[3 << 20]]),
        _ => Task.FromResult(ctx.Response.StatusCode = 404),
    });

    private static Task WriteAsync(HttpContext ctx, string type, byte[] body)
    {
        ctx.Response.ContentType = type;
        return ctx.Response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>A page that never ends: the fetcher must stop reading by itself.</summary>
    private static async Task EndlessAsync(HttpContext ctx)
    {
        ctx.Response.ContentType = "text/html";
        await ctx.Response.WriteAsync("<html><head><title>Endless</title></head><body>");
        var chunk = new byte[16 << 10];
        Array.Fill(chunk, (byte)'y');
        while (!ctx.RequestAborted.IsCancellationRequested) await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
    }

    [Fact]
    public async Task LoopbackAddressIsRefusedWithoutConnecting()
    {
        await using var site = await SiteAsync();
        var result = await Fetcher(Resolver(), ports: [site.Port]).FetchPageAsync($"http://127.0.0.1:{site.Port}/article", TestContext.Current.CancellationToken);
        Assert.Equal(FetchRefusal.Address, result.Refusal);
        Assert.Null(result.Body);
        Assert.Equal(0, site.AllHits);
    }

    [Fact]
    public async Task PublicLookingNameThatResolvesToLoopbackIsRefused()
    {
        await using var site = await SiteAsync();
        var url = $"http://news.example.com:{site.Port}/article";
        var resolver = Resolver(("news.example.com", IPAddress.Loopback));
        var refused = await Fetcher(resolver, ports: [site.Port]).FetchPageAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(FetchRefusal.Address, refused.Refusal);
        Assert.Equal(0, site.AllHits);

        // The same name, allowed by the admin: fetched from the address our resolver gave (so that is the one dialled).
        var allowed = await Fetcher(resolver, allowedHosts: ["news.example.com"]).FetchPageAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(FetchRefusal.None, allowed.Refusal);
        Assert.Equal("The article", PageMetadata.Parse(allowed.Body!).Title);
        Assert.Equal(1, site.Hits("/article"));
    }

    [Fact]
    public async Task RedirectFromAnAllowedHostToLoopbackIsRefused()
    {
        await using var site = await SiteAsync();
        var resolver = Resolver(("localhost", IPAddress.Loopback), ("intranet.example.com", IPAddress.Parse("10.1.2.3")));
        var fetcher = Fetcher(resolver, ports: [site.Port], allowedHosts: ["localhost"]);

        var toLoopback = await fetcher.FetchPageAsync($"http://localhost:{site.Port}/to-loopback", TestContext.Current.CancellationToken);
        Assert.Equal(FetchRefusal.Address, toLoopback.Refusal);
        var toInternal = await fetcher.FetchPageAsync($"http://localhost:{site.Port}/to-internal", TestContext.Current.CancellationToken);
        Assert.Equal(FetchRefusal.Address, toInternal.Refusal);
        Assert.Equal(1, site.Hits("/to-loopback"));
        Assert.Equal(0, site.Hits("/article"));
    }

    [Fact]
    public async Task RedirectsEndAfterThree()
    {
        await using var site = await SiteAsync();
        var result = await Fetcher(Resolver(("localhost", IPAddress.Loopback)), allowedHosts: ["localhost"])
            .FetchPageAsync($"http://localhost:{site.Port}/loop", TestContext.Current.CancellationToken);
        Assert.Equal(FetchRefusal.Redirects, result.Refusal);
        Assert.Equal(SafeFetcher.MaxRedirects + 1, site.Hits("/loop"));
    }

    [Theory]
    [InlineData("http://public.example.com:8080/")]
    [InlineData("https://public.example.com:8443/")]
    [InlineData("http://public.example.com:22/")]
    public async Task PortsOtherThan80And443AreRefusedBeforeAnyLookup(string url)
    {
        var resolver = Resolver(("public.example.com", Public));
        var result = await Fetcher(resolver).FetchPageAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(FetchRefusal.Port, result.Refusal);
        Assert.Equal(0, resolver.Questions);
    }

    [Theory]
    [InlineData("ftp://public.example.com/file", FetchRefusal.Scheme)]
    [InlineData("file:///etc/passwd", FetchRefusal.Scheme)]
    [InlineData("http://user:pass@public.example.com/", FetchRefusal.Url)]
    [InlineData("http://[::1]/", FetchRefusal.Address)]
    [InlineData("http://[::ffff:127.0.0.1]/", FetchRefusal.Address)]
    [InlineData("http://169.254.169.254/latest/meta-data/", FetchRefusal.Address)]
    [InlineData("http://2130706433/", FetchRefusal.Address)]
    public async Task OtherUrlsThatReachInsideAreRefused(string url, FetchRefusal why)
    {
        var result = await Fetcher(Resolver()).FetchPageAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(why, result.Refusal);
    }

    [Fact]
    public async Task OnlyTheFirstMebibyteOfAPageIsRead()
    {
        await using var site = await SiteAsync();
        var fetcher = Fetcher(Resolver(("localhost", IPAddress.Loopback)), allowedHosts: ["localhost"]);

        var big = await fetcher.FetchPageAsync($"http://localhost:{site.Port}/big", TestContext.Current.CancellationToken);
        Assert.Equal(SafeFetcher.MaxPageBytes, big.Body!.Content.Length);
        var page = PageMetadata.Parse(big.Body);
        Assert.Equal("Big", page.Title);
        Assert.Null(page.Description); // it came after the cap

        // A page that never ends is cut at the cap too, and the fetch ends by itself.
        var endless = await fetcher.FetchPageAsync($"http://localhost:{site.Port}/endless", TestContext.Current.CancellationToken);
        Assert.Equal(SafeFetcher.MaxPageBytes, endless.Body!.Content.Length);
        Assert.Equal("Endless", PageMetadata.Parse(endless.Body).Title);
    }

    [Fact]
    public async Task ImagesOverTwoMebibytesAndPagesThatAreNotHtmlAreRefused()
    {
        await using var site = await SiteAsync();
        var fetcher = Fetcher(Resolver(("localhost", IPAddress.Loopback)), allowedHosts: ["localhost"]);
        Assert.Equal(FetchRefusal.TooLarge, (await fetcher.FetchImageAsync($"http://localhost:{site.Port}/huge.png", TestContext.Current.CancellationToken)).Refusal);
        Assert.Equal(FetchRefusal.ContentType, (await fetcher.FetchPageAsync($"http://localhost:{site.Port}/json", TestContext.Current.CancellationToken)).Refusal);
        Assert.Equal(FetchRefusal.ContentType, (await fetcher.FetchImageAsync($"http://localhost:{site.Port}/article", TestContext.Current.CancellationToken)).Refusal);
    }

    [Theory]
    [InlineData("127.0.0.1")] [InlineData("10.0.0.1")] [InlineData("172.16.5.4")] [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")] [InlineData("169.254.169.254")] [InlineData("0.0.0.0")] [InlineData("224.0.0.1")]
    [InlineData("240.0.0.1")] [InlineData("255.255.255.255")] [InlineData("192.0.2.10")] [InlineData("198.18.0.1")]
    [InlineData("::1")] [InlineData("::")] [InlineData("fe80::1")] [InlineData("fc00::1")] [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")] [InlineData("::ffff:127.0.0.1")] [InlineData("::ffff:10.0.0.1")] [InlineData("::127.0.0.1")]
    [InlineData("2002:7f00:1::1")] [InlineData("2002:a00:1::1")] [InlineData("64:ff9b::7f00:1")] [InlineData("2001::1")]
    [InlineData("2001:db8::1")] [InlineData("fec0::1")]
    public void PrivateLoopbackLinkLocalReservedAndEmbeddedFormsAreNotPublic(string address) =>
        Assert.False(AddressRules.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")] [InlineData("8.8.8.8")] [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")] [InlineData("2002:5db8:d822::1")] [InlineData("64:ff9b::808:808")]
    public void PublicAddressesArePublic(string address) =>
        Assert.True(AddressRules.IsPublic(IPAddress.Parse(address)));
}
