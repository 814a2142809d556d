using System.Text.Json.Nodes;

namespace Parley.Server.Calls;

/// <summary>A VideoRoom plugin handle on a <see cref="JanusSession"/>: its requests, trickled candidates and the events Janus sends it.</summary>
public sealed class JanusHandle(JanusSession session, long id)
{
    public long Id { get; } = id;

    /// <summary>Events Janus sends this handle on its own (not answers to a request), one at a time, in order.</summary>
    public Func<JanusReply, Task>? Events { get; set; }

    /// <summary>
    /// A VideoRoom request (with a jsep offer or answer, if given): the plugin's answer, whether Janus gave it at once or
    /// as an event; the VideoRoom's own refusals throw as Janus's do.
    /// </summary>
    public async Task<JanusReply> RequestAsync(JsonObject body, JanusJsep? jsep, CancellationToken ct)
    {
        var message = new JsonObject { ["janus"] = "message", ["body"] = body };
        if (jsep is not null) message["jsep"] = new JsonObject { ["type"] = jsep.Type, ["sdp"] = jsep.Sdp };
        var answer = await session.RequestAsync(Id, message, answeredByEvent: true, ct);
        var reply = JanusReply.From(answer) ?? throw new JanusException("Janus answered without the plugin's data.");
        if (reply.Refusal() is { } refused) throw refused;
        return reply;
    }

    /// <summary>A VideoRoom request whose answer isn't awaited (Janus may answer it late, or never: a postponed ICE restart).</summary>
    public Task SendAsync(JsonObject body, CancellationToken ct) =>
        session.RequestAsync(Id, new JsonObject { ["janus"] = "message", ["body"] = body }, answeredByEvent: false, ct);

    /// <summary>Trickles one ICE candidate ({candidate, sdpMid, sdpMLineIndex}), or null: the end of candidates.</summary>
    public Task TrickleAsync(JsonObject? candidate, CancellationToken ct) =>
        session.RequestAsync(Id, new JsonObject { ["janus"] = "trickle", ["candidate"] = candidate ?? new JsonObject { ["completed"] = true } },
            answeredByEvent: false, ct);

    public async Task DetachAsync(CancellationToken ct)
    {
        session.Forget(Id);
        await session.PostAsync($"/{session.Id}/{Id}", new JsonObject { ["janus"] = "detach" }, ct);
    }

    internal Task ReceiveAsync(JanusReply reply) => Events?.Invoke(reply) ?? Task.CompletedTask;
}
