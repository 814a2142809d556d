using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Server.Calls;

/// <summary>
/// A participant's subscriber handle: it follows the other participants' published streams (join as subscriber,
/// then update with what to add and drop) and hands every offer Janus makes for it to the client, with which stream
/// is whose. Janus's own autoupdate takes away the streams of publishers who left. Called under the participant's lock.
/// </summary>
public sealed class SfuSubscription(JanusSession session, Guid callId, Guid userId, SfuOfferQueue offers, SemaphoreSlim gate)
{
    private readonly HashSet<(string Feed, string Mid)> _subscribed = [];
    private readonly Dictionary<string, SfuStream> _byMid = new(StringComparer.Ordinal);
    private readonly List<JsonObject?> _early = [];
    private IReadOnlyList<SfuStream> _last = [];
    private JanusHandle? _handle;

    /// <summary>Subscribes to what is published and not yet subscribed, and drops what no longer is.</summary>
    public async Task FollowAsync(IReadOnlySet<(string Feed, string Mid)> published, long privateId, CancellationToken ct)
    {
        // Streams of publishers who left went with them (autoupdate).
        var feeds = published.Select(p => p.Feed).ToHashSet(StringComparer.Ordinal);
        _subscribed.RemoveWhere(s => !feeds.Contains(s.Feed));
        var add = published.Where(p => !_subscribed.Contains(p)).ToList();
        var drop = _subscribed.Where(s => !published.Contains(s)).ToList();
        if (add.Count == 0 && drop.Count == 0) return;

        JanusReply reply;
        if (_handle is null)
        {
            if (add.Count == 0) return;
            var handle = await session.AttachAsync($"parley:{userId}:subscriber", ct);
            handle.Events = OnEventAsync;
            try
            {
                reply = await handle.RequestAsync(new JsonObject
                {
                    ["request"] = "join", ["ptype"] = "subscriber", ["room"] = SfuSecrets.RoomId(callId), ["private_id"] = privateId, ["streams"] = Streams(add),
                }, null, ct);
            }
            catch
            {
                try { await handle.DetachAsync(CancellationToken.None); } catch (JanusException) { }
                throw;
            }
            _handle = handle;
        }
        else
        {
            var update = new JsonObject { ["request"] = "update" };
            if (add.Count > 0) update["subscribe"] = Streams(add);
            if (drop.Count > 0) update["unsubscribe"] = Streams(drop);
            reply = await _handle.RequestAsync(update, null, ct);
        }
        _subscribed.UnionWith(add);
        _subscribed.ExceptWith(drop);
        await OfferAsync(reply);
        foreach (var candidate in _early) await _handle.TrickleAsync(candidate, ct);
        _early.Clear();
    }

    /// <summary>The client's answer to the latest offer (Janus "start"); false when there is no subscription to answer for.</summary>
    public async Task<bool> AnswerAsync(string sdp, CancellationToken ct)
    {
        if (_handle is null) return false;
        await _handle.RequestAsync(new JsonObject { ["request"] = "start" }, new JanusJsep("answer", sdp), ct);
        await offers.AnsweredAsync();
        return true;
    }

    /// <summary>Asks Janus for an ICE-restart offer (it comes as the next SfuOffer).</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        if (_handle is null) return;
        var body = new JsonObject { ["request"] = "configure", ["restart"] = true };
        // Janus answers a restart only when it can offer now; while an offer is unanswered it just schedules one.
        if (offers.AwaitingAnswer) await _handle.SendAsync(body, ct);
        else await OfferAsync(await _handle.RequestAsync(body, null, ct));
    }

    /// <summary>A candidate of the client's subscriber PeerConnection (kept until the handle exists).</summary>
    public async Task CandidateAsync(JsonObject? candidate, CancellationToken ct)
    {
        if (_handle is null) _early.Add(candidate);
        else await _handle.TrickleAsync(candidate, ct);
    }

    private async Task OnEventAsync(JanusReply e)
    {
        await gate.WaitAsync();
        try { await OfferAsync(e); }
        finally { gate.Release(); }
    }

    private async Task OfferAsync(JanusReply reply)
    {
        if (reply.Jsep is not { Type: "offer" } jsep) return;
        if (reply.Data.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
            _last = [.. streams.EnumerateArray().Select(Stream).OfType<SfuStream>()];
        await offers.OfferAsync(new SfuOfferEvent(callId, jsep.Sdp, _last));
    }

    /// <summary>A stream of Janus's summary; an inactive one (its publisher gone) keeps naming whose it was.</summary>
    private SfuStream? Stream(JsonElement s)
    {
        var kind = Text(s, "type");
        var mid = Text(s, "mid");
        if (kind is not ("audio" or "video") || mid is null) return null;
        var active = !s.TryGetProperty("active", out var a) || a.ValueKind != JsonValueKind.False;
        var known = _byMid.GetValueOrDefault(mid);
        var stream = active
            ? new SfuStream(mid, Guid.TryParse(Text(s, "feed_id"), out var pid) ? pid : null, Guid.TryParse(Text(s, "feed_display"), out var uid) ? uid : null,
                kind, Text(s, "feed_description"), true)
            : new SfuStream(mid, known?.ParticipantId, known?.UserId, kind, known?.Description, false);
        _byMid[mid] = stream;
        return stream;
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonArray Streams(IEnumerable<(string Feed, string Mid)> streams) =>
        [.. streams.Select(s => (JsonNode)new JsonObject { ["feed"] = s.Feed, ["mid"] = s.Mid })];
}
