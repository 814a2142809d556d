using Microsoft.AspNetCore.Http;

namespace Parley.Server.Infrastructure;

/// <summary>
/// Problem details for every request, whatever its Accept header. ASP.NET Core's writer declines a request that
/// doesn't accept JSON; the error handler then counted the exception as unhandled, logged its stack and answered a 404
/// as a 500 with no body (a 400 or 401 with none). The API speaks only JSON, so the framework's writer writes anyway.
/// </summary>
public sealed class AnyAcceptProblemWriter(IProblemDetailsWriter json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;
    public ValueTask WriteAsync(ProblemDetailsContext context) => json.WriteAsync(context);

    /// <summary>Wraps the writer <c>AddProblemDetails</c> registered (call after it).</summary>
    public static void Register(IServiceCollection services)
    {
        var framework = services.Single(s => s.ServiceType == typeof(IProblemDetailsWriter) && s.ImplementationType is not null);
        services.Remove(framework);
        services.AddSingleton<IProblemDetailsWriter>(sp =>
            new AnyAcceptProblemWriter((IProblemDetailsWriter)ActivatorUtilities.CreateInstance(sp, framework.ImplementationType!)));
    }
}
