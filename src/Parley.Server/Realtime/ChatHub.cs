using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Parley.Server.Accounts;
using Parley.Server.Calls;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Moderation;
using Parley.Server.Presence;
using Parley.Server.Rooms;

namespace Parley.Server.Realtime;

/// <summary>
/// The real-time adapter: takes the user from the connection, calls the same services as REST, returns their answer
/// as the acknowledgement. Events are sent by the services after their commit.
/// </summary>
public sealed class ChatHub(
    ParleyDb db, MessageService messages, RoomModeration moderation, RoomAccess access, ConnectionRegistry connections, ChatGroups groups, TypingTracker typing,
    PresenceTracker presence, CallService calls, CallSignals signals, SfuSignals sfu, CallDepartures departures, IOptions<RealtimeOptions> options,
    ParleyMetrics metrics, Friends.Blocking blocking)
    : Hub<IChatClient>
{
    private Guid Me => Context.User!.UserId();

    public override async Task OnConnectedAsync()
    {
        var me = Me;
        // Negotiate refuses past the cap already (ConnectionCap); this catches connections opened at the same moment.
        if (!connections.TryAdd(Context, me, Context.User!.SessionId(), options.Value.MaxConnectionsPerUser))
            throw ConnectionCap.Refusal(options.Value.MaxConnectionsPerUser);
        var rooms = await groups.AddConnectionAsync(Context.ConnectionId, me, Context.ConnectionAborted);
        await presence.ConnectedAsync(me, Context.ConnectionId, rooms);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        // A call this connection was in keeps its place for the reconnect grace (costs nothing unless it joined one).
        await departures.ConnectionClosedAsync(Me, Context.ConnectionId);
        await presence.DisconnectedAsync(Me, Context.ConnectionId);
    }

    /// <summary>Your chosen presence: online (automatic), away or dnd. Everyone who shares a room with you sees it.</summary>
    public Task SetPresence(string status) => presence.SetChoiceAsync(Me, PresenceApi.Choice(status));

    /// <summary>This tab saw no activity for a while (true) or is used again (false); all tabs idle makes you away.</summary>
    public Task SetIdle(bool idle) => presence.SetIdleAsync(Me, Context.ConnectionId, idle);

    /// <summary>Presence of these people; those who share no conversation with you are left out.</summary>
    public async Task<IReadOnlyList<PresenceDto>> GetPresence(Guid[] userIds)
    {
        if (userIds is null || userIds.Length is 0 or > PresenceApi.MaxIds) throw ParleyError.Invalid("userIds", $"Give 1 to {PresenceApi.MaxIds} user ids.");
        return await presence.OfAsync(await PresenceApi.VisibleAsync(db, Me, userIds, Context.ConnectionAborted), Context.ConnectionAborted);
    }

    /// <summary>Stores a message and returns it once committed; a repeated clientMessageId returns the stored one.</summary>
    public async Task<MessageDto> SendMessage(Guid roomId, SendMessageRequest message)
    {
        var started = Stopwatch.GetTimestamp();
        var sent = await messages.SendAsync(Me, roomId, message ?? throw ParleyError.Invalid("message", "The message is missing."), Context.ConnectionAborted);
        metrics.Acknowledged(started);
        return sent.Message;
    }

    public Task<MessageDto> EditMessage(Guid messageId, EditMessageRequest edit) =>
        messages.EditAsync(Me, messageId, edit ?? throw ParleyError.Invalid("edit", "The edit is missing."), Context.ConnectionAborted);

    public Task<MessageDto> DeleteMessage(Guid messageId) =>
        messages.DeleteAsync(Me, messageId, Context.ConnectionAborted);

    /// <summary>Removes someone from a room (room moderators and up, who outrank them); the same as DELETE /api/rooms/{id}/members/{userId}.</summary>
    public Task KickMember(Guid roomId, Guid userId, string? reason) =>
        moderation.KickAsync(Me, roomId, userId, reason, Context.ConnectionAborted);

    /// <summary>Bans someone from a room: {reason?, expiresAt?}; the same as PUT /api/rooms/{id}/bans/{userId}.</summary>
    public Task<BanDto> BanMember(Guid roomId, Guid userId, BanRequest? ban) =>
        moderation.BanAsync(Me, roomId, userId, ban ?? new BanRequest(null, null), Context.ConnectionAborted);

    /// <summary>Times someone out in a room: {seconds, reason?}; the same as PUT /api/rooms/{id}/timeouts/{userId}.</summary>
    public Task<TimeoutDto> TimeoutMember(Guid roomId, Guid userId, TimeoutRequest timeout) =>
        moderation.TimeoutAsync(Me, roomId, userId, timeout ?? throw ParleyError.Invalid("timeout", "The timeout is missing."), Context.ConnectionAborted);

    public Task<ReactionsChangedEvent> ToggleReaction(Guid messageId, string emoji) =>
        messages.ToggleReactionAsync(Me, messageId, emoji, Context.ConnectionAborted);

    public Task<ReadEvent> MarkRead(Guid roomId, long seq) =>
        messages.MarkReadAsync(Me, roomId, seq, Context.ConnectionAborted);

    /// <summary>"I am typing" in a room; call every few seconds while typing. Others see UserTyping, then TypingStopped.</summary>
    public async Task Typing(Guid roomId)
    {
        var me = Me;
        var name = Context.User!.Identity?.Name ?? "";
        if (!typing.Touch(roomId, me, name)) return; // throttled: already announced recently
        try
        {
            // Someone blocked in a 1:1 DM is not shown typing there, as they can't write there.
            await blocking.RequireMayWriteAsync(await access.RequireMemberAsync(me, roomId, Context.ConnectionAborted), Context.ConnectionAborted);
        }
        catch
        {
            await typing.StopAsyncQuietly(roomId, me);
            throw;
        }
        await Clients.OthersInGroup(ChatGroups.Room(roomId)).UserTyping(new TypingEvent(roomId, me, name));
    }

    public Task StopTyping(Guid roomId) => typing.StopAsync(roomId, Me);

    // ---- calls (docs/api.md#calls): this connection is the one in the call ----

    /// <summary>Starts an audio or video call in the room (or joins the one in progress); DMs ring the others.</summary>
    public Task<CallDto> StartCall(Guid roomId, bool video) => calls.StartAsync(Me, Context.ConnectionId, roomId, video, Context.ConnectionAborted);

    /// <summary>Joins, or accepts a ringing call, with this connection.</summary>
    public Task<CallDto> JoinCall(Guid callId) => calls.JoinAsync(Me, Context.ConnectionId, callId, Context.ConnectionAborted);

    public Task DeclineCall(Guid callId) => calls.DeclineAsync(Me, callId, Context.ConnectionAborted);

    public Task LeaveCall(Guid callId) => calls.LeaveAsync(Me, callId, Context.ConnectionAborted);

    /// <summary>Ends the call for everyone (its starter, or a room moderator and up).</summary>
    public Task EndCall(Guid callId) => calls.EndAsync(Me, callId, Context.ConnectionAborted);

    /// <summary>An offer, answer or ICE candidate for one participant of the call (their participantId).</summary>
    public Task SignalCall(Guid callId, Guid toParticipantId, string kind, string payload) =>
        signals.RelayAsync(Me, Context.ConnectionId, callId, toParticipantId, kind, payload, Context.ConnectionAborted);

    /// <summary>SFU call: the offer of my publisher PeerConnection (descriptions: which mid is camera, screen or microphone); returns Janus's answer.</summary>
    public Task<SfuAnswerDto> SfuPublish(Guid callId, string sdp, SfuStreamDescription[]? descriptions) =>
        sfu.PublishAsync(Me, Context.ConnectionId, callId, sdp, descriptions, Context.ConnectionAborted);

    /// <summary>SFU call: my answer to the latest SfuOffer (for my subscriber PeerConnection).</summary>
    public Task SfuAnswer(Guid callId, string sdp) => sfu.AnswerAsync(Me, Context.ConnectionId, callId, sdp, Context.ConnectionAborted);

    /// <summary>SFU call: an ICE candidate (RTCIceCandidate JSON, or null: no more) of my "publisher" or "subscriber" PeerConnection.</summary>
    public Task SfuCandidate(Guid callId, string target, string? candidate) =>
        sfu.CandidateAsync(Me, Context.ConnectionId, callId, target, candidate, Context.ConnectionAborted);

    /// <summary>SFU call: an ICE restart of my subscriber PeerConnection (a new SfuOffer follows).</summary>
    public Task SfuRestart(Guid callId) => sfu.RestartAsync(Me, Context.ConnectionId, callId, Context.ConnectionAborted);

    public Task UpdateCallMedia(Guid callId, UpdateCallMediaRequest media) =>
        calls.UpdateMediaAsync(Me, callId, media ?? throw ParleyError.Invalid("media", "The media flags are missing."), Context.ConnectionAborted);

    public Task MuteCallParticipant(Guid callId, Guid userId) => calls.MuteAsync(Me, callId, userId, Context.ConnectionAborted);

    public Task RemoveCallParticipant(Guid callId, Guid userId) => calls.RemoveAsync(Me, callId, userId, Context.ConnectionAborted);

    public Task<CallDto?> GetActiveCall(Guid roomId) => calls.ActiveAsync(Me, roomId, Context.ConnectionAborted);

    /// <summary>Calls ringing me or that I am in: call after a reload or reconnect, then JoinCall to get back in.</summary>
    public Task<IReadOnlyList<CallDto>> GetMyCalls() => calls.MineAsync(Me, Context.ConnectionAborted);

    /// <summary>What a call SignalR could not bind becomes (<see cref="RefusingHubProtocol"/>): refused, after it was counted.</summary>
    public Task RefuseCall(string target, string why) => throw (why == "unknown"
        ? ParleyError.Invalid("target", $"There is no hub method '{Truncate(target)}'.", ErrorCodes.UnknownMethod)
        : ParleyError.Invalid("arguments", $"The arguments of '{Truncate(target)}' are missing or of the wrong type."));

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 64 ? s : s[..64] + "…";

    /// <summary>
    /// Catch-up for many rooms in one call: {roomId: lastRev}. Rooms the caller can't read are left out.
    /// Call it right after (re)connecting: its answer also proves the connection is in all its rooms' groups.
    /// </summary>
    public async Task<IReadOnlyList<ChangesPage>> Sync(Dictionary<Guid, long> sinceRevs)
    {
        if (sinceRevs is null || sinceRevs.Count > 1000) throw ParleyError.Invalid("sinceRevs", "Give at most 1000 rooms.");
        var pages = new List<ChangesPage>(sinceRevs.Count);
        var budget = options.Value.SyncMessages;
        foreach (var (room, rev) in sinceRevs)
        {
            try
            {
                if (budget > 0)
                {
                    var page = await messages.ChangesAsync(Me, room, rev, null, Context.ConnectionAborted);
                    budget -= page.Messages.Count;
                    pages.Add(page);
                }
                // The answer is full: this room says "more" from where the client is, and the client pages it over REST.
                else pages.Add(new ChangesPage((await access.RequireReadableAsync(Me, room, Context.ConnectionAborted)).Id, [], rev, HasMore: true, ResyncRequired: false));
            }
            catch (ParleyError e) when (e.Status is 403 or 404) { }
        }
        metrics.Synced(pages.Count(p => p.ResyncRequired));
        return pages;
    }

    // ---- polls (docs/api.md#polls); the service comes from DI per call ----

    /// <summary>Sets my whole choice in a poll (empty: takes my vote back); the same as PUT /api/messages/{id}/poll/votes.</summary>
    public Task<Polls.PollChangedEvent> VotePoll(Guid messageId, Guid[] optionIds, Polls.PollService polls) =>
        polls.VoteAsync(Me, messageId, new Polls.VotePollRequest(optionIds), Context.ConnectionAborted);

    /// <summary>Closes a poll (its author, or a room moderator and up); the same as POST /api/messages/{id}/poll/close.</summary>
    public Task<Polls.PollChangedEvent> ClosePoll(Guid messageId, Polls.PollService polls) =>
        polls.CloseAsync(Me, messageId, Context.ConnectionAborted);
}
