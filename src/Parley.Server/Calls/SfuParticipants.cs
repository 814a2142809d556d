using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Parley.Server.Events;

namespace Parley.Server.Calls;

/// <summary>
/// This node's participants of SFU calls (those whose hub connection it holds), by participantId: joining them to the
/// call's Janus room, and taking them out again when they leave the call, whichever node decided it, and when it ends.
/// </summary>
public sealed class SfuParticipants(JanusClient janus, SfuRooms rooms, IChatAudience audience, IOptions<CallsOptions> options, TimeProvider clock,
    ILogger<SfuParticipants> log) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, SfuParticipant> _here = new();

    public SfuParticipant? Find(Guid participantId) => _here.GetValueOrDefault(participantId);

    /// <summary>
    /// Joins the participant to the call's Janus room as a publisher (id = participantId, display = userId, with the
    /// token Parley allows first), on a Janus session of their own; then subscribes them to whoever publishes.
    /// </summary>
    public async Task JoinAsync(Guid callId, Guid participantId, Guid userId, string connectionId, CancellationToken ct)
    {
        var adminKey = options.Value.Janus.AdminKey;
        await rooms.AllowAsync(callId, participantId, ct);
        JanusSession? session = null;
        try
        {
            session = await janus.CreateSessionAsync(ct);
            var publisher = await session.AttachAsync($"parley:{userId}", ct);
            var joined = await publisher.RequestAsync(new JsonObject
            {
                ["request"] = "join", ["ptype"] = "publisher", ["room"] = SfuSecrets.RoomId(callId), ["id"] = participantId.ToString(),
                ["display"] = userId.ToString(), ["token"] = SfuSecrets.Token(adminKey, participantId),
            }, null, ct);
            var participant = new SfuParticipant(callId, participantId, userId, connectionId, session, publisher,
                offer => audience.ToConnection(connectionId).SfuOffer(offer), p => LetGoAsync(p.ParticipantId), clock, log);
            _here[participantId] = participant;
            session.Lost += () => LetGoAsync(participantId);
            participant.Start(joined);
        }
        catch
        {
            if (session is not null) await session.DisposeAsync();
            try { await rooms.DisallowAsync(callId, participantId, CancellationToken.None); }
            catch (JanusException e) { log.LogDebug(e, "Taking back the token of participant {Participant} failed", participantId); }
            throw;
        }
    }

    /// <summary>
    /// They are out of the call (left, removed, replaced, their connection closed): their session goes if it is here,
    /// and their token goes; if it isn't here, Janus kicks them, and the node holding them hears it and lets go.
    /// </summary>
    public async Task DepartedAsync(Guid callId, Guid participantId)
    {
        try
        {
            if (_here.TryRemove(participantId, out var here))
            {
                await here.DisposeAsync();
                await rooms.DisallowAsync(callId, participantId, CancellationToken.None);
            }
            else await rooms.RemoveAsync(callId, participantId, CancellationToken.None);
        }
        // The call goes on without them either way; a session left behind is timed out by Janus.
        catch (Exception e) { log.LogWarning("Taking participant {Participant} out of call {Call}'s Janus room failed: {Reason}", participantId, callId, e.Message); }
    }

    /// <summary>The call ended: its participants here let go, and its Janus room is destroyed (which kicks those on other nodes).</summary>
    public async Task CallEndedAsync(Guid callId)
    {
        foreach (var p in _here.Values.Where(p => p.CallId == callId).ToList())
            await LetGoAsync(p.ParticipantId);
        try { await rooms.DestroyAsync(callId, CancellationToken.None); }
        catch (Exception e) { log.LogWarning("Destroying call {Call}'s Janus room failed: {Reason}", callId, e.Message); }
    }

    /// <summary>Ends their session here, and nothing else (kicked, the room destroyed, the session lost).</summary>
    private async Task LetGoAsync(Guid participantId)
    {
        if (_here.TryRemove(participantId, out var p)) await p.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _here.Keys.ToList()) await LetGoAsync(id);
    }
}
