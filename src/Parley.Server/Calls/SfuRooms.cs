using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Parley.Server.Calls;

/// <summary>
/// The Janus rooms of this node's calls, managed through one admin session of its own: create (call start), who may
/// join (allowed add/remove), kick (a removal decided on another node than the one holding the connection), destroy
/// (call end). The session is made on first use and again if Janus lost it.
/// </summary>
public sealed class SfuRooms(JanusClient janus, IOptions<CallsOptions> options, ILogger<SfuRooms> log) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private JanusSession? _session;
    private JanusHandle? _handle;

    private JanusOptions O => options.Value.Janus;

    public async Task CreateAsync(Guid callId, CancellationToken ct)
    {
        var o = O;
        await RequestAsync(new JsonObject
        {
            ["request"] = "create", ["admin_key"] = o.AdminKey, ["room"] = SfuSecrets.RoomId(callId), ["permanent"] = false,
            ["description"] = "Parley call", ["secret"] = SfuSecrets.RoomSecret(o.AdminKey, callId), ["is_private"] = true,
            ["publishers"] = o.MaxParticipants,
            // An empty list turns the token check on: only the participants Parley adds may join as publishers.
            ["allowed"] = new JsonArray(), ["require_pvtid"] = true,
            ["audiocodec"] = "opus", ["videocodec"] = "vp8", ["bitrate"] = 512_000, ["fir_freq"] = 10,
        }, ct);
    }

    public Task AllowAsync(Guid callId, Guid participantId, CancellationToken ct) => AllowedAsync(callId, participantId, "add", ct);

    /// <summary>Their token no longer lets them join.</summary>
    public Task DisallowAsync(Guid callId, Guid participantId, CancellationToken ct) => AllowedAsync(callId, participantId, "remove", ct);

    /// <summary>Out of the room for good: the token no longer lets them join (a kick alone doesn't stop a rejoin), and their publisher is kicked.</summary>
    public async Task RemoveAsync(Guid callId, Guid participantId, CancellationToken ct)
    {
        await DisallowAsync(callId, participantId, ct);
        try
        {
            await RequestAsync(new JsonObject
            {
                ["request"] = "kick", ["room"] = SfuSecrets.RoomId(callId), ["secret"] = SfuSecrets.RoomSecret(O.AdminKey, callId), ["id"] = participantId.ToString(),
            }, ct);
        }
        catch (JanusException e) when (e.Code == 428) { } // no such participant: out already
    }

    /// <summary>Ends the Janus room: everyone still in it is kicked out (their handles hear "destroyed").</summary>
    public async Task DestroyAsync(Guid callId, CancellationToken ct)
    {
        try
        {
            await RequestAsync(new JsonObject { ["request"] = "destroy", ["room"] = SfuSecrets.RoomId(callId), ["secret"] = SfuSecrets.RoomSecret(O.AdminKey, callId) }, ct);
        }
        catch (JanusException e) when (e.Code == 426) { } // no such room: gone already
    }

    private async Task AllowedAsync(Guid callId, Guid participantId, string action, CancellationToken ct)
    {
        try { await AllowedRequestAsync(callId, participantId, action, ct); }
        catch (JanusException e) when (e.Code == 426 && action == "remove") { } // no such room: the call ended, nobody joins it again
    }

    private Task<JanusReply> AllowedRequestAsync(Guid callId, Guid participantId, string action, CancellationToken ct) =>
        RequestAsync(new JsonObject
        {
            ["request"] = "allowed", ["room"] = SfuSecrets.RoomId(callId), ["secret"] = SfuSecrets.RoomSecret(O.AdminKey, callId), ["action"] = action,
            ["allowed"] = new JsonArray(SfuSecrets.Token(O.AdminKey, participantId)),
        }, ct);

    private async Task<JanusReply> RequestAsync(JsonObject body, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var handle = await HandleAsync(ct);
            try { return await handle.RequestAsync((JsonObject)body.DeepClone(), null, ct); }
            catch (JanusException e) when (e.SessionGone && attempt == 0)
            {
                // Janus restarted or timed the session out: a new one, once.
                log.LogInformation("Janus lost the admin session; opening a new one");
                await DropAsync(handle);
            }
        }
    }

    private async Task<JanusHandle> HandleAsync(CancellationToken ct)
    {
        if (_handle is { } ready) return ready;
        await _gate.WaitAsync(ct);
        try
        {
            if (_handle is { } raced) return raced;
            var session = await janus.CreateSessionAsync(ct);
            JanusHandle handle;
            try { handle = await session.AttachAsync("parley:admin", ct); }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
            session.Lost += () => DropAsync(handle);
            (_session, _handle) = (session, handle);
            return handle;
        }
        finally { _gate.Release(); }
    }

    private async Task DropAsync(JanusHandle? lost)
    {
        JanusSession? old = null;
        await _gate.WaitAsync();
        try
        {
            if (lost is null || _handle != lost) return;
            old = _session;
            _session = null;
            _handle = null;
        }
        finally { _gate.Release(); }
        if (old is not null) await old.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is { } s) await s.DisposeAsync();
    }
}
