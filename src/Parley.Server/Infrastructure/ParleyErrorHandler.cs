using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Parley.Server.Infrastructure;

/// <summary>Maps <see cref="ParleyError"/> to problem details; anything else stays a 500 without internals.</summary>
public sealed class ParleyErrorHandler(IProblemDetailsService problems, Data.DatabaseOutage outage) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is BadHttpRequestException bad)
        {
            http.Response.StatusCode = bad.StatusCode;
            var (field, message) = MalformedRequest.Describe(bad);
            var problem = field is null
                ? new ProblemDetails { Status = bad.StatusCode, Title = message }
                : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] }) { Status = bad.StatusCode, Title = message };
            return await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = problem });
        }
        if (outage.Saw(exception))
            exception = Data.DatabaseOutage.Refusal();
        if (exception is not ParleyError e) return false;
        http.Response.StatusCode = e.Status;
        if (e.RetryAfter is { } wait) http.Response.Headers.RetryAfter = ProblemCodes.Seconds(wait).ToString();
        var details = e.Field is null
            ? new ProblemDetails { Status = e.Status, Title = e.Message }
            : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [e.Field] = [e.Message] }) { Status = e.Status, Title = e.Message };
        details.Extensions["code"] = e.Code;
        if (e.RetryAfter is { } retry) details.Extensions["retryAfter"] = ProblemCodes.Seconds(retry);
        return await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = details, Exception = e });
    }
}

/// <summary>Every problem the server writes carries a machine <c>code</c> (and <c>retryAfter</c> when it says when to retry).</summary>
public static class ProblemCodes
{
    public static void AddCodes(ProblemDetailsContext ctx)
    {
        var details = ctx.ProblemDetails;
        var status = details.Status ?? ctx.HttpContext.Response.StatusCode;
        details.Extensions.TryAdd("code", ErrorCodes.ForStatus(status));
        if (!details.Extensions.ContainsKey("retryAfter")
            && int.TryParse(ctx.HttpContext.Response.Headers.RetryAfter.ToString(), out var seconds))
            details.Extensions["retryAfter"] = seconds;
    }

    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}

public static class Problems
{
    /// <summary>A 400 naming one field, for checks done in an endpoint itself.</summary>
    public static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message);

    /// <summary>A 400 naming every bad field at once (so a form can mark them all), or null when there are none.</summary>
    public static ValidationProblem? Fields(params (string Field, string? Message)[] checks)
    {
        var bad = checks.Where(c => c.Message is not null).ToList();
        return bad.Count == 0 ? null : TypedResults.ValidationProblem(
            bad.ToDictionary(c => c.Field, c => new[] { c.Message! }),
            title: bad.Count == 1 ? bad[0].Message : "Some fields need attention: " + string.Join(", ", bad.Select(c => c.Field)) + ".");
    }
}
