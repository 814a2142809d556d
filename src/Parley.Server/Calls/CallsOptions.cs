using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Calls;

/// <summary>Parley:Calls (env Parley__Calls__…).</summary>
public sealed class CallsOptions : IValidatableObject
{
    /// <summary>How long the people called are rung before it counts as missed.</summary>
    [Range(1, 600)] public int RingSeconds { get; set; } = 30;
    /// <summary>Peer-to-peer calls grow as n²: past this many people a call needs a media server.</summary>
    [Range(2, 16)] public int MaxMeshParticipants { get; set; } = 4;
    /// <summary>How long someone whose connection dropped stays in the call (reconnecting) before they count as left.</summary>
    [Range(1, 3600)] public int ReconnectGraceSeconds { get; set; } = 30;
    /// <summary>STUN servers handed to clients, e.g. "stun:turn.example.org:3478".</summary>
    public string[] StunUrls { get; set; } = [];
    public TurnOptions Turn { get; set; } = new();
    public JanusOptions Janus { get; set; } = new();

    /// <summary>The cap of a call of this mode: the mesh size, or the media server's.</summary>
    public int MaxParticipantsIn(CallMode mode) => mode == CallMode.Sfu ? Janus.MaxParticipants : MaxMeshParticipants;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Turn.Urls.Length > 0 && string.IsNullOrEmpty(Turn.Secret))
            yield return new("Parley:Calls:Turn:Urls is set but Parley:Calls:Turn:Secret is empty: give the secret coturn has in --static-auth-secret.");
        if (Turn.TtlSeconds is < 60 or > 7 * 86_400)
            yield return new("Parley:Calls:Turn:TtlSeconds must be 60 to 604800 (a week).");
        foreach (var url in StunUrls.Concat(Turn.Urls))
            if (!url.StartsWith("stun:", StringComparison.Ordinal) && !url.StartsWith("stuns:", StringComparison.Ordinal)
                && !url.StartsWith("turn:", StringComparison.Ordinal) && !url.StartsWith("turns:", StringComparison.Ordinal))
                yield return new($"'{url}' is not a STUN or TURN URL (stun:, stuns:, turn: or turns:).");
        foreach (var problem in JanusProblems()) yield return new(problem);
    }

    private IEnumerable<string> JanusProblems()
    {
        if (!Janus.Enabled) yield break;
        if (!Uri.TryCreate(Janus.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            yield return $"Parley:Calls:Janus:Url '{Janus.Url}' is not an http(s) URL (Janus's HTTP API, e.g. http://127.0.0.1:8088/janus).";
        if (string.IsNullOrEmpty(Janus.ApiSecret))
            yield return "Parley:Calls:Janus:Url is set but Parley:Calls:Janus:ApiSecret is empty: give the api_secret Janus has in janus.jcfg.";
        if (string.IsNullOrEmpty(Janus.AdminKey))
            yield return "Parley:Calls:Janus:Url is set but Parley:Calls:Janus:AdminKey is empty: give the admin_key the VideoRoom has in janus.plugin.videoroom.jcfg.";
        if (Janus.MaxParticipants is < 5 or > 100)
            yield return "Parley:Calls:Janus:MaxParticipants must be 5 to 100.";
        if (Janus.RequestTimeoutSeconds is < 1 or > 120)
            yield return "Parley:Calls:Janus:RequestTimeoutSeconds must be 1 to 120.";
    }
}

/// <summary>Parley:Calls:Turn: a TURN server (coturn) that takes time-limited credentials made with a shared secret.</summary>
public sealed class TurnOptions
{
    /// <summary>e.g. "turn:turn.example.org:3478?transport=udp", "turn:turn.example.org:3478?transport=tcp", "turns:turn.example.org:5349".</summary>
    public string[] Urls { get; set; } = [];
    /// <summary>The secret coturn was given with --use-auth-secret --static-auth-secret=….</summary>
    public string Secret { get; set; } = "";
    /// <summary>How long an issued credential lets a client open new relays (relays already open keep working).</summary>
    public int TtlSeconds { get; set; } = 86_400;
}
