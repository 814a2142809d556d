using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Parley.Tests.Infrastructure;

public static class Expect
{
    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public static async Task Status(HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
            Assert.Fail($"Expected {status}, got {(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts an RFC 7807 problem with this status (and, for 400s, naming the field); returns it.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage response, int status, string? field = null)
    {
        await Status(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (field is not null)
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
                $"Problem should name the field '{field}': {problem}");
        return problem;
    }

    public static async Task<string> Text(HttpResponseMessage response, int status = 200)
    {
        await Status(response, status);
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response, int status = 200)
    {
        await Status(response, status);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
