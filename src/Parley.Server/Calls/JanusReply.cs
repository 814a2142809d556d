using System.Text.Json;

namespace Parley.Server.Calls;

/// <summary>A session description Janus sent or is sent: "offer" or "answer" and its SDP.</summary>
public sealed record JanusJsep(string Type, string Sdp);

/// <summary>What a VideoRoom handle answered or told: the plugin's data (its "videoroom" says what it is) and a jsep, if any.</summary>
public sealed record JanusReply(JsonElement Data, JanusJsep? Jsep)
{
    /// <summary>The "videoroom" field: joined, event, attached, updated, destroyed …</summary>
    public string? Kind => Text("videoroom");

    public string? Text(string name) => Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public bool Has(string name) => Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out _);

    /// <summary>From a Janus message ("success" with plugindata, or "event"); null when it carries no plugin data.</summary>
    public static JanusReply? From(JsonElement message)
    {
        if (!message.TryGetProperty("plugindata", out var plugin) || !plugin.TryGetProperty("data", out var data)) return null;
        JanusJsep? jsep = null;
        if (message.TryGetProperty("jsep", out var j) && j.TryGetProperty("type", out var type) && j.TryGetProperty("sdp", out var sdp))
            jsep = new JanusJsep(type.GetString() ?? "", sdp.GetString() ?? "");
        return new JanusReply(data.Clone(), jsep);
    }

    /// <summary>The VideoRoom's own refusal ("error_code", "error") as an exception, or null when it is none.</summary>
    public JanusException? Refusal() =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("error_code", out var code) && code.TryGetInt32(out var c)
            ? new JanusException($"Janus VideoRoom refused: {c} {Text("error")}", c)
            : null;
}
