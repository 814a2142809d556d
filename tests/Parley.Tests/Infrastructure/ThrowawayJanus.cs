using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// Debian's Janus with only the VideoRoom plugin and the HTTP transport, from a private config folder: HTTP API on a
/// free loopback port with an api_secret, VideoRoom with an admin_key and string ids, ICE only on this host's own IPv4
/// address (-E: Janus can't do ICE on loopback), a random RTP port range; killed on dispose. The test can ask it
/// directly what Parley did (<see cref="ParticipantsAsync"/>, <see cref="RoomExistsAsync"/>).
/// </summary>
public sealed class ThrowawayJanus : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly string _dir;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    private ThrowawayJanus(Process process, string dir, int port, string apiSecret, string adminKey)
    {
        _process = process;
        _dir = dir;
        Url = $"http://127.0.0.1:{port}/janus";
        ApiSecret = apiSecret;
        AdminKey = adminKey;
    }

    public string Url { get; }
    public string ApiSecret { get; }
    public string AdminKey { get; }

    /// <summary>Parley's settings for this Janus.</summary>
    public Dictionary<string, string?> Settings(IDictionary<string, string?>? more = null) => new(more ?? new Dictionary<string, string?>())
    {
        ["Parley:Calls:Janus:Url"] = Url,
        ["Parley:Calls:Janus:ApiSecret"] = ApiSecret,
        ["Parley:Calls:Janus:AdminKey"] = AdminKey,
    };

    /// <summary>This host's first non-loopback IPv4 address (up), where Janus can do ICE; null if it has none.</summary>
    public static IPAddress? HostAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    public const string NoHostAddress = "This host has no non-loopback IPv4 address, and Janus can't do ICE on loopback.";

    public static async Task<ThrowawayJanus> StartAsync(IPAddress host)
    {
        var dir = Path.Combine(Path.GetTempPath(), "parley-janus-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var sub in new[] { "conf", "plugins", "transports", "empty" }) Directory.CreateDirectory(Path.Combine(dir, sub));
        File.CreateSymbolicLink(Path.Combine(dir, "plugins", "libjanus_videoroom.so"), "/usr/lib/x86_64-linux-gnu/janus/plugins/libjanus_videoroom.so");
        File.CreateSymbolicLink(Path.Combine(dir, "transports", "libjanus_http.so"), "/usr/lib/x86_64-linux-gnu/janus/transports/libjanus_http.so");
        var port = LoopbackPorts.Free();
        var rtp = Random.Shared.Next(400, 600) * 100;
        var apiSecret = "api-" + Guid.NewGuid().ToString("N");
        var adminKey = "admin-" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(Path.Combine(dir, "conf", "janus.jcfg"), $$"""
            general: {
                configs_folder = "{{dir}}/conf"
                plugins_folder = "{{dir}}/plugins"
                transports_folder = "{{dir}}/transports"
                events_folder = "{{dir}}/empty"
                loggers_folder = "{{dir}}/empty"
                debug_level = 4
                api_secret = "{{apiSecret}}"
                server_name = "parley-test-janus"
                session_timeout = 60
            }
            media: { rtp_port_range = "{{rtp}}-{{rtp + 99}}" }
            nat: { nice_debug = false ignore_mdns = true }
            plugins: { }
            transports: { }
            events: { }
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "conf", "janus.transport.http.jcfg"), $$"""
            general: { json = "plain" base_path = "/janus" http = true port = {{port}} ip = "127.0.0.1" https = false acl = "127." }
            admin: { admin_http = false }
            cors: { }
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "conf", "janus.plugin.videoroom.jcfg"), $$"""
            general: { admin_key = "{{adminKey}}" string_ids = true }
            """);

        var info = new ProcessStartInfo("janus") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { "-C", Path.Combine(dir, "conf", "janus.jcfg"), "-F", Path.Combine(dir, "conf"), "-P", Path.Combine(dir, "plugins"),
                     "-E", host.ToString(), "-o", "-N", "-L", Path.Combine(dir, "janus.log") })
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        // Its log goes to the file (-N); whatever it still prints is read and dropped, so a full pipe never stalls it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var janus = new ThrowawayJanus(process, dir, port, apiSecret, adminKey);
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"janus exited with {process.ExitCode}: {janus.Log()}");
            if (await janus.AnswersAsync()) return janus;
            if (DateTime.UtcNow > deadline)
            {
                await janus.DisposeAsync();
                throw new TimeoutException($"janus did not answer on {port}: {janus.Log()}");
            }
            await Task.Delay(50);
        }
    }

    private async Task<bool> AnswersAsync()
    {
        try { return (await _http.GetAsync(Url + "/info")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }

    /// <summary>The ids of the participants (publishers and not) in a VideoRoom room; null if there is no such room.</summary>
    public async Task<IReadOnlyList<string>?> ParticipantsAsync(string room)
    {
        var data = await VideoRoomAsync(new JsonObject { ["request"] = "listparticipants", ["room"] = room });
        if (data.TryGetProperty("error_code", out _)) return null;
        return [.. data.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
    }

    public async Task<bool> RoomExistsAsync(string room) =>
        (await VideoRoomAsync(new JsonObject { ["request"] = "exists", ["room"] = room })).GetProperty("exists").GetBoolean();

    /// <summary>
    /// A publisher fed by plain RTP (VideoRoom's remote publisher): Janus announces it to the room at once, where a
    /// browser's publisher is announced only once its ICE and DTLS are up, which a test without WebRTC can't reach.
    /// </summary>
    public async Task AddRemotePublisherAsync(string room, string secret, string id, string display, string description)
    {
        var data = await VideoRoomAsync(new JsonObject
        {
            ["request"] = "add_remote_publisher", ["room"] = room, ["secret"] = secret, ["id"] = id, ["display"] = display,
            ["iface"] = "127.0.0.1", ["port"] = LoopbackPorts.Free(),
            ["streams"] = new JsonArray(new JsonObject { ["type"] = "audio", ["mindex"] = 0, ["mid"] = "0", ["codec"] = "opus", ["description"] = description }),
        });
        if (data.TryGetProperty("error_code", out _)) throw new InvalidOperationException($"add_remote_publisher failed: {data}");
    }

    public async Task RemoveRemotePublisherAsync(string room, string secret, string id)
    {
        var data = await VideoRoomAsync(new JsonObject { ["request"] = "remove_remote_publisher", ["room"] = room, ["secret"] = secret, ["id"] = id });
        if (data.TryGetProperty("error_code", out _)) throw new InvalidOperationException($"remove_remote_publisher failed: {data}");
    }

    private long? _session, _handle;

    /// <summary>A synchronous VideoRoom request on the test's own session (made on first use); its plugin data.</summary>
    private async Task<JsonElement> VideoRoomAsync(JsonObject body)
    {
        _session ??= (await PostAsync("", new JsonObject { ["janus"] = "create" })).GetProperty("data").GetProperty("id").GetInt64();
        _handle ??= (await PostAsync($"/{_session}", new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }))
            .GetProperty("data").GetProperty("id").GetInt64();
        var answer = await PostAsync($"/{_session}/{_handle}", new JsonObject { ["janus"] = "message", ["body"] = body });
        return answer.GetProperty("plugindata").GetProperty("data");
    }

    private async Task<JsonElement> PostAsync(string path, JsonObject body)
    {
        body["transaction"] = Guid.NewGuid().ToString("N");
        body["apisecret"] = ApiSecret;
        using var response = await _http.PostAsJsonAsync(Url + path, body);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (answer.GetProperty("janus").GetString() == "error") throw new InvalidOperationException($"Janus refused: {answer}");
        return answer;
    }

    private string Log()
    {
        try { return File.ReadAllText(Path.Combine(_dir, "janus.log")); } catch (IOException) { return ""; }
    }

    private int _disposed;

    /// <summary>Stops Janus (a test may do it early, to see Parley without it); once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _http.Dispose();
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
