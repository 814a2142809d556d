namespace Parley.Server.Infrastructure;

/// <summary>Serves the built web client from wwwroot/: hashed assets cached for good, index.html for client routes.</summary>
public static class WebClient
{
    /// <summary>
    /// The content root (wwwroot/ and appsettings.json) for a published server: its own folder, whatever the working
    /// directory, which in production holds the data (README: Running in production). A build output has no wwwroot/;
    /// there the content root stays the working directory (the project folder under <c>dotnet run</c>).
    /// </summary>
    public static string[] PublishedContentRoot() =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot", "index.html")) ? [$"--contentRoot={AppContext.BaseDirectory}"] : [];

    public static void UseWebClientFiles(this WebApplication app) => app.UseStaticFiles(new StaticFileOptions
    {
        OnPrepareResponse = ctx =>
        {
            // Vite puts a content hash in every asset name, so they never change; index.html must always be fresh.
            ctx.Context.Response.Headers.CacheControl = ctx.Context.Request.Path.StartsWithSegments("/assets")
                ? "public, max-age=31536000, immutable"
                : "no-cache";
        },
    });

    public static void MapWebClient(this WebApplication app)
    {
        // Unknown API and hub paths are 404s, never the app's HTML. A JSON endpoint sent another kind of body lands here
        // too (routing drops it for the content type, and this fallback takes any), so a body that isn't JSON gets 415.
        // RequestDelegates, not lambdas: the request delegate generator maps a lambda given to MapFallback on the default
        // pattern, whatever pattern it was given, and every client route became ambiguous.
        // A path that exists with another method is a 405 naming the methods it takes (Allow).
        app.MapFallback("/api/{**rest}", http =>
            {
                if (WrongMethod.AllowedInstead(http) is { Count: > 0 } allowed)
                {
                    http.Response.Headers.Allow = string.Join(", ", allowed);
                    return TypedResults.Problem(statusCode: 405, title: $"This endpoint takes {string.Join(", ", allowed)}, not {http.Request.Method}.").ExecuteAsync(http);
                }
                return (!string.IsNullOrEmpty(http.Request.ContentType) && !http.Request.HasJsonContentType()
                    ? TypedResults.Problem(statusCode: 415, title: "Send the body as JSON (Content-Type: application/json).")
                    : TypedResults.Problem(statusCode: 404, title: "No such endpoint.")).ExecuteAsync(http);
            })
            .ExcludeFromDescription();
        app.MapFallback("/hubs/{**rest}", http => TypedResults.NotFound().ExecuteAsync(http)).ExcludeFromDescription();
        app.MapFallbackToFile("index.html", new StaticFileOptions
        {
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
