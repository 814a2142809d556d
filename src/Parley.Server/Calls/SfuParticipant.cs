using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Server.Calls;

/// <summary>
/// One participant of an SFU call, on the node that holds their hub connection: their Janus session, the publisher
/// handle joined in the call's room (id = participantId) that carries their offer, and the <see cref="SfuSubscription"/>
/// that follows everyone else's streams. Hub calls and Janus events change it one at a time (its lock).
/// </summary>
public sealed class SfuParticipant : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly JanusSession _session;
    private readonly JanusHandle _publisher;
    private readonly SfuSubscription _subscription;
    private readonly SfuOfferQueue _offers;
    private readonly Func<SfuParticipant, Task> _gone;
    private readonly ILogger _log;
    /// <summary>The other publishers' streams, by feed id (a participantId), as Janus last described them.</summary>
    private readonly Dictionary<string, List<(string Mid, string Kind, bool Disabled)>> _feeds = new(StringComparer.Ordinal);
    private readonly List<JsonObject?> _early = [];
    private long _privateId;
    private bool _published;

    public SfuParticipant(Guid callId, Guid participantId, Guid userId, string connectionId, JanusSession session, JanusHandle publisher,
        Func<SfuOfferEvent, Task> offer, Func<SfuParticipant, Task> gone, TimeProvider clock, ILogger log)
    {
        CallId = callId;
        ParticipantId = participantId;
        UserId = userId;
        ConnectionId = connectionId;
        _session = session;
        _publisher = publisher;
        _gone = gone;
        _log = log;
        _offers = new SfuOfferQueue(offer, clock);
        _subscription = new SfuSubscription(session, callId, userId, _offers, _gate);
        publisher.Events = OnPublisherEventAsync;
    }

    public Guid CallId { get; }
    public Guid ParticipantId { get; }
    public Guid UserId { get; }
    public string ConnectionId { get; }

    /// <summary>After the publisher joined: subscribe to whoever publishes already (in the background: offers go to the client as events).</summary>
    public void Start(JanusReply joined)
    {
        _privateId = joined.Data.TryGetProperty("private_id", out var pv) && pv.TryGetInt64(out var id) ? id : 0;
        _ = Task.Run(async () =>
        {
            await _gate.WaitAsync();
            try
            {
                Publishers(joined.Data);
                await FollowAsync();
            }
            catch (Exception e) { _log.LogWarning(e, "Subscribing participant {Participant} to the call's streams failed", ParticipantId); }
            finally { _gate.Release(); }
        });
    }

    /// <summary>The client's publisher offer: publish the first time, configure (renegotiate) after; Janus's answer SDP.</summary>
    public async Task<string> PublishAsync(string sdp, IReadOnlyList<SfuStreamDescription> descriptions, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var body = new JsonObject
            {
                ["request"] = _published ? "configure" : "publish",
                ["descriptions"] = new JsonArray([.. descriptions.Select(d => (JsonNode)new JsonObject { ["mid"] = d.Mid, ["description"] = d.Description })]),
            };
            var reply = await _publisher.RequestAsync(body, new JanusJsep("offer", sdp), ct);
            if (reply.Jsep is not { Type: "answer" } answer) throw new JanusException("Janus took the offer but gave no answer.");
            _published = true;
            foreach (var candidate in _early) await _publisher.TrickleAsync(candidate, ct);
            _early.Clear();
            return answer.Sdp;
        }
        finally { _gate.Release(); }
    }

    /// <summary>The client's answer to the latest SfuOffer; false when no offer was made.</summary>
    public async Task<bool> AnswerAsync(string sdp, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try { return await _subscription.AnswerAsync(sdp, ct); }
        finally { _gate.Release(); }
    }

    /// <summary>A candidate of the client's publisher or subscriber PeerConnection; null: its end. Kept until the handle is ready for it.</summary>
    public async Task CandidateAsync(bool publisher, JsonObject? candidate, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!publisher) await _subscription.CandidateAsync(candidate, ct);
            else if (_published) await _publisher.TrickleAsync(candidate, ct);
            else _early.Add(candidate);
        }
        finally { _gate.Release(); }
    }

    public async Task RestartAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try { await _subscription.RestartAsync(ct); }
        finally { _gate.Release(); }
    }

    private async Task OnPublisherEventAsync(JanusReply e)
    {
        // Kicked (removed on another node, which took the token back first) or the room destroyed (the call ended).
        if (e.Kind == "destroyed" || (e.Text("leaving") == "ok" && e.Text("reason") == "kicked"))
        {
            await _gone(this);
            return;
        }
        await _gate.WaitAsync();
        try
        {
            var changed = Publishers(e.Data);
            foreach (var key in (string[])["unpublished", "leaving", "kicked"])
                if (e.Text(key) is { } feed and not "ok") changed |= _feeds.Remove(feed);
            if (changed) await FollowAsync();
        }
        finally { _gate.Release(); }
    }

    /// <summary>Takes in a "publishers" list (each entry the publisher's whole set of streams now); true if it had any.</summary>
    private bool Publishers(JsonElement data)
    {
        if (!data.TryGetProperty("publishers", out var list) || list.ValueKind != JsonValueKind.Array) return false;
        foreach (var p in list.EnumerateArray())
        {
            if (!p.TryGetProperty("id", out var idElement) || idElement.GetString() is not { } id || id == ParticipantId.ToString()) continue;
            _feeds[id] = !p.TryGetProperty("streams", out var streams) ? [] :
                [.. streams.EnumerateArray().Select(s => (Mid: Text(s, "mid") ?? "", Kind: Text(s, "type") ?? "", Disabled: s.TryGetProperty("disabled", out var d) && d.ValueKind == JsonValueKind.True))];
        }
        return true;
    }

    private Task FollowAsync()
    {
        var published = _feeds.SelectMany(f => f.Value.Where(s => !s.Disabled && s.Kind is ("audio" or "video") && s.Mid.Length > 0).Select(s => (f.Key, s.Mid))).ToHashSet();
        return _subscription.FollowAsync(published, _privateId, CancellationToken.None);
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Ends the Janus session: the publisher leaves the room (the others' subscriptions drop its streams) and the subscription goes.</summary>
    public async ValueTask DisposeAsync()
    {
        _offers.Dispose();
        await _session.DisposeAsync();
    }
}
