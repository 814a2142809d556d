namespace Parley.Server.Calls;

/// <summary>
/// Parley:Calls:Janus: a Janus media server (VideoRoom plugin, HTTP REST transport) that carries calls in rooms and
/// group DMs past the mesh size. Parley speaks to it on the users' behalf; browsers never reach it.
/// </summary>
public sealed class JanusOptions
{
    /// <summary>Janus's HTTP API, e.g. "http://127.0.0.1:8088/janus"; empty: no SFU, calls are peer to peer.</summary>
    public string Url { get; set; } = "";
    /// <summary>Janus's api_secret (janus.jcfg): every request carries it.</summary>
    public string ApiSecret { get; set; } = "";
    /// <summary>The VideoRoom's admin_key (janus.plugin.videoroom.jcfg): creating rooms needs it; room secrets and join tokens are derived from it.</summary>
    public string AdminKey { get; set; } = "";
    /// <summary>Most people in a call through Janus (the VideoRoom's publishers).</summary>
    public int MaxParticipants { get; set; } = 16;
    /// <summary>How long a request to Janus may take before the user hears the media server didn't answer.</summary>
    public int RequestTimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
