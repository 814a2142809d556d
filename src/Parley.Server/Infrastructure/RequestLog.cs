using System.Diagnostics;

namespace Parley.Server.Infrastructure;

/// <summary>
/// One line per request: method, path, status, time. Never the query string: the hub's access_token travels there.
/// (ASP.NET's own request-start line, which includes the query, is turned down to Warning in appsettings.json.)
/// </summary>
public static class RequestLog
{
    public static void UseRequestLog(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Parley.Requests");
        app.Use(async (http, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            try { await next(http); }
            finally
            {
                if (!http.Request.Path.StartsWithSegments("/healthz"))
                    log.LogInformation("{Method} {Path} {Status} {Ms:0.0} ms", http.Request.Method, http.Request.Path.Value,
                        http.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        });
    }
}
