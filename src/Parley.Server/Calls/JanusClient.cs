using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Parley.Server.Calls;

/// <summary>
/// Janus's HTTP REST API (the HTTP transport): every request a POST with a transaction and the api_secret, events by a
/// long poll per session. Failures, refusals and timeouts all become <see cref="JanusException"/>.
/// </summary>
public sealed class JanusClient(IHttpClientFactory http, IOptions<CallsOptions> options, ILoggerFactory logs)
{
    public const string HttpClientName = "janus";
    /// <summary>Janus holds a long poll up to 30 s before it answers with a keepalive.</summary>
    private static readonly TimeSpan PollHold = TimeSpan.FromSeconds(30);

    private JanusOptions O => options.Value.Janus;
    internal TimeSpan RequestTimeout => TimeSpan.FromSeconds(O.RequestTimeoutSeconds);
    internal ILoggerFactory Logs => logs;

    /// <summary>A new Janus session, its event poll running (which also keeps it alive).</summary>
    public async Task<JanusSession> CreateSessionAsync(CancellationToken ct)
    {
        var created = await PostAsync("", new JsonObject { ["janus"] = "create" }, ct);
        var session = new JanusSession(this, DataId(created));
        session.Start();
        return session;
    }

    /// <summary>Posts to the API root, a session ("/S") or a handle ("/S/H"); Janus's "error" answers throw.</summary>
    internal async Task<JsonElement> PostAsync(string path, JsonObject body, CancellationToken ct)
    {
        body["transaction"] ??= NewTransaction();
        body["apisecret"] = O.ApiSecret;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await Client().PostAsJsonAsync(O.Url.TrimEnd('/') + path, body, timeout.Token);
            if (!response.IsSuccessStatusCode) throw new JanusException($"Janus answered HTTP {(int)response.StatusCode}.");
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
            ThrowIfError(answer);
            return answer;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException
                                  || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new JanusException(e is OperationCanceledException ? $"Janus didn't answer within {RequestTimeout.TotalSeconds:0} s." : $"Janus can't be reached: {e.Message}", inner: e);
        }
    }

    /// <summary>One long poll of a session's events (at most 10 at a time); empty on a keepalive.</summary>
    internal async Task<IReadOnlyList<JsonElement>> PollAsync(long sessionId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PollHold + RequestTimeout);
        try
        {
            var url = $"{O.Url.TrimEnd('/')}/{sessionId}?maxev=10&rid={Environment.TickCount64}&apisecret={Uri.EscapeDataString(O.ApiSecret)}";
            var answer = await Client().GetFromJsonAsync<JsonElement>(url, timeout.Token);
            if (answer.ValueKind == JsonValueKind.Array) return [.. answer.EnumerateArray().Select(e => e.Clone())];
            ThrowIfError(answer);
            return [];
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException
                                  || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new JanusException($"Janus's event poll failed: {e.Message}", inner: e);
        }
    }

    internal static long DataId(JsonElement answer) =>
        answer.TryGetProperty("data", out var data) && data.TryGetProperty("id", out var id) && id.TryGetInt64(out var value)
            ? value
            : throw new JanusException("Janus answered without an id.");

    private static void ThrowIfError(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("janus", out var kind) || kind.GetString() != "error") return;
        var error = answer.GetProperty("error");
        var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : (int?)null;
        throw new JanusException($"Janus refused: {code} {(error.TryGetProperty("reason", out var r) ? r.GetString() : "")}", code);
    }

    internal static string NewTransaction() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    private HttpClient Client() => http.CreateClient(HttpClientName);
}
