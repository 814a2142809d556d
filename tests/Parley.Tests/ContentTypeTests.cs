using System.Net.Http.Json;
using System.Text;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>The API takes JSON bodies: anything else is told so with 415, not "No such endpoint".</summary>
public sealed class ContentTypeTests
{
    [Fact]
    public async Task ABodyThatIsNotJsonGets415()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();

        var text = await http.PostAsync("/api/rooms", new StringContent("""{"name":"general","visibility":"public"}""", Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken);
        var problem = await Expect.Problem(text, 415);
        Assert.Equal("Send the body as JSON (Content-Type: application/json).", problem.GetProperty("title").GetString());
        var form = await http.PostAsync("/api/rooms", new FormUrlEncodedContent([new("name", "general")]), TestContext.Current.CancellationToken);
        await Expect.Problem(form, 415);

        // The same body as JSON is taken, and an unknown path is still "No such endpoint".
        await Expect.Status(await http.PostAsJsonAsync("/api/rooms", new { name = "general", visibility = "public" }, TestContext.Current.CancellationToken), 201);
        await Expect.Problem(await http.PostAsJsonAsync("/api/no-such-thing", new { name = "general" }, TestContext.Current.CancellationToken), 404);
        await Expect.Problem(await http.GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken), 404);
    }

    [Fact]
    public async Task AKnownPathWithAnotherMethodGets405NamingTheMethodsItTakes()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        using var http = alice.Http();
        var ct = TestContext.Current.CancellationToken;

        var put = await http.PutAsJsonAsync("/api/rooms", new { name = "general" }, ct);
        await Expect.Problem(put, 405);
        Assert.Equal(["GET", "POST"], put.Content.Headers.Allow.Order());
        var room = Guid.NewGuid();
        var patch = await http.PatchAsJsonAsync($"/api/rooms/{room}/messages", new { text = "hi" }, ct);
        await Expect.Problem(patch, 405);
        Assert.Contains("POST", patch.Content.Headers.Allow);
        // Nothing was created, and a path that doesn't exist is still 404 whatever the method.
        Assert.Empty((await Expect.Json(await http.GetAsync("/api/rooms", ct))).EnumerateArray());
        await Expect.Problem(await http.PutAsJsonAsync("/api/no-such-thing", new { }, ct), 404);
    }
}
