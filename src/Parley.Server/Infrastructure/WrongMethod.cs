using Microsoft.AspNetCore.Routing.Template;

namespace Parley.Server.Infrastructure;

/// <summary>
/// The methods an API path takes when the request used another: the API fallback catches every method, so routing
/// itself never answers 405. Read from the endpoints on that failure path only (route constraints are not checked:
/// a path that fails one is a 404 whatever the method).
/// </summary>
public static class WrongMethod
{
    /// <summary>The methods endpoints take at this path, or none if the request's own method is among them.</summary>
    public static IReadOnlyList<string> AllowedInstead(HttpContext http)
    {
        var path = http.Request.Path;
        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is not { Count: > 0 } methods) continue;
            // The fallbacks (the web client's index.html, this one) take any path: they say nothing about this one.
            if (endpoint.RoutePattern.Parameters.Any(p => p.IsCatchAll)) continue;
            if (!new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary()).TryMatch(path, new RouteValueDictionary())) continue;
            allowed.UnionWith(methods);
        }
        return allowed.Contains(http.Request.Method) ? [] : [.. allowed];
    }
}
