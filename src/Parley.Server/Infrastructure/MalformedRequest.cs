using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using System.Text.RegularExpressions;

namespace Parley.Server.Infrastructure;

/// <summary>
/// Which field a request that could not be bound got wrong, and a sentence saying so, from the framework's
/// <see cref="BadHttpRequestException"/>: the JSON path of a body value of the wrong type, or the name of a route or
/// query parameter that doesn't parse. The framework's own words (and the value sent) are not echoed back.
/// </summary>
public static partial class MalformedRequest
{
    public static (string? Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge) return (null, "The request body is too large.");
        if (Json(bad) is { } json)
        {
            var path = json.Path is { Length: > 1 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
            return path is null
                ? ("body", "The body is not valid JSON, or not the object this endpoint takes.")
                : (path, $"{path} has a value of the wrong type, or malformed.");
        }
        var parameter = Parameter().Match(bad.Message);
        if (!parameter.Success) return (null, "The body or a parameter is malformed.");
        var name = parameter.Groups["name"].Value;
        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)) return ("body", "The body is missing or malformed.");
        return bad.Message.StartsWith("Required", StringComparison.Ordinal)
            ? (name, $"{name} is required.")
            : (name, $"{name} is malformed or of the wrong type.");
    }

    /// <summary>A response with an error status and no body gets problem details, naming the query parameter a 400 is about.</summary>
    public static async Task StatusCodePage(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        ProblemDetails problem = status == StatusCodes.Status400BadRequest && QueryParameter(http) is var (field, message)
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] }) { Status = status, Title = message }
            : new ProblemDetails { Status = status };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new() { HttpContext = http, ProblemDetails = problem });
    }

    /// <summary>
    /// The query parameter a 400 without a body is about. The generated request delegates answer an unparsable query
    /// value (<c>?limit=abc</c>, <c>?limit=1&amp;limit=2</c>) with a bare 400 and no exception to read, so the endpoint's
    /// parameters are parsed again here, on that failure path only.
    /// </summary>
    public static (string Field, string Message)? QueryParameter(HttpContext http)
    {
        foreach (var p in http.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() ?? [])
        {
            if (!p.HasTryParse || !http.Request.Query.TryGetValue(p.Name, out var values)) continue;
            var type = p.ParameterInfo.ParameterType;
            if (type.IsArray) continue;
            if (values.Count > 1) return (p.Name, $"{p.Name} is given more than once.");
            if (!string.IsNullOrEmpty(values[0]) && !Parses(Nullable.GetUnderlyingType(type) ?? type, values[0]!))
                return (p.Name, $"{p.Name} is malformed or of the wrong type.");
        }
        return null;
    }

    private static bool Parses(Type type, string value)
    {
        if (type.IsEnum) return Enum.TryParse(type, value, ignoreCase: true, out _);
        if (type == typeof(string)) return true;
        var tryParse = type.GetMethod("TryParse", [typeof(string), typeof(IFormatProvider), type.MakeByRefType()])
                       ?? type.GetMethod("TryParse", [typeof(string), type.MakeByRefType()]);
        if (tryParse is null) return true; // nothing to tell it by: not ours to blame
        object?[] args = tryParse.GetParameters().Length == 3 ? [value, System.Globalization.CultureInfo.InvariantCulture, null] : [value, null];
        return tryParse.Invoke(null, args) is true;
    }

    private static JsonException? Json(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is JsonException json) return json;
        return null;
    }

    // "Failed to bind parameter "int? limit" from "abc"." · "Required parameter "Guid roomId" was not provided from route."
    [GeneratedRegex(@"parameter ""(?:[^""]*\s)?(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex Parameter();
}
