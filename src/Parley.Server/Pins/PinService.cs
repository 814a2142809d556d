using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Moderation;
using Parley.Server.Rooms;

namespace Parley.Server.Pins;

/// <summary>
/// Pinned messages: the pin lives on the message row and takes a rev like an edit, so history pages and catch-up carry
/// it with no other mechanism. A pin is announced by a system line written with it ("alice pinned a message").
/// </summary>
public sealed class PinService(ParleyDb db, RoomAccess access, Friends.Blocking blocking, IChatAudience groups, SendBatcher batcher, TimeProvider clock)
{
    public const int MaxListed = 100;

    public async Task<MessagePinnedEvent> PinAsync(Guid me, Guid messageId, CancellationToken ct = default)
    {
        var (message, membership) = await RequirePinnerAsync(me, messageId, ct);
        if (message.PinnedAt is not null) return Pinned(message);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => u.DisplayName).FirstAsync(ct);
        MessagePinnedEvent? pinned = null;
        try
        {
            await batcher.WriteSystemLineAsync(membership.Room, me, $"{name} pinned a message", async (tx, line, c) =>
            {
                var rev = await RoomSequence.NextRevAsync(tx, message.RoomId, c);
                var at = line.CreatedAt;
                var changed = await tx.Messages.Where(x => x.Id == messageId && x.PinnedAt == null && x.DeletedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.PinnedAt, at).SetProperty(x => x.PinnedById, me).SetProperty(x => x.Rev, rev), c);
                // Pinned (or deleted) by someone else meanwhile: no line for a pin that isn't this one.
                if (changed == 0) throw new PinnedMeanwhile();
                pinned = new MessagePinnedEvent(message.RoomId, messageId, rev, me, at);
            }, ct);
        }
        catch (PinnedMeanwhile)
        {
            var now = await db.Messages.AsNoTracking().FirstAsync(x => x.Id == messageId, ct);
            return now.DeletedAt is null ? Pinned(now) : throw ParleyError.NotFound("Message");
        }
        await groups.InRoom(message.RoomId).MessagePinned(pinned!);
        return pinned!;
    }

    public async Task<MessagePinnedEvent> UnpinAsync(Guid me, Guid messageId, CancellationToken ct = default)
    {
        var (message, _) = await RequirePinnerAsync(me, messageId, ct);
        if (message.PinnedAt is null) return Pinned(message);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rev = await RoomSequence.NextRevAsync(db, message.RoomId, ct);
        var changed = await db.Messages.Where(x => x.Id == messageId && x.PinnedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.PinnedAt, (DateTime?)null).SetProperty(x => x.PinnedById, (Guid?)null).SetProperty(x => x.Rev, rev), ct);
        // Unpinned by someone else meanwhile: nothing to announce.
        if (changed == 0) return new MessagePinnedEvent(message.RoomId, messageId, message.Rev, null, null);
        await tx.CommitAsync(ct);
        var unpinned = new MessagePinnedEvent(message.RoomId, messageId, rev, null, null);
        await groups.InRoom(message.RoomId).MessagePinned(unpinned);
        return unpinned;
    }

    /// <summary>The room's pinned messages, newest pin first, for anyone who may read the room.</summary>
    public async Task<List<MessageDto>> ListAsync(Guid me, Guid roomId, CancellationToken ct = default)
    {
        await access.RequireReadableAsync(me, roomId, ct);
        var rows = await db.Messages.AsNoTracking()
            .Where(x => x.RoomId == roomId && x.PinnedAt != null && x.DeletedAt == null)
            .OrderByDescending(x => x.PinnedAt).Take(MaxListed).ToListAsync(ct);
        return await MessageDtos.BuildAsync(db, rows, ct, me);
    }

    /// <summary>
    /// A text message in a room where the caller may pin: PinMessages (moderators and up), or any member in a DM or in a
    /// room that lets members pin. Those who can't see the room get 404; a timed-out member can't pin, as they can't post.
    /// </summary>
    private async Task<(Message, RoomAccess.Membership)> RequirePinnerAsync(Guid me, Guid messageId, CancellationToken ct)
    {
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == messageId, ct) ?? throw ParleyError.NotFound("Message");
        var m = await access.RequireMemberAsync(me, message.RoomId, ct);
        if (message.DeletedAt is not null || message.Kind != MessageKind.Text) throw ParleyError.NotFound("Message");
        // "Members may pin" (and every DM) lifts a plain member to the rule's room grant.
        var inRoom = m.Member.Role == MemberRole.Member && (m.Room.Kind.IsDm() || m.Room.MembersMayPin) ? MemberRole.Moderator : m.Member.Role;
        PermissionTable.Require(Permission.PinMessages, m.ServerRole, inRoom);
        Sanctions.RequireMayWrite(m, clock.GetUtcNow().UtcDateTime);
        await blocking.RequireMayWriteAsync(m, ct);
        return (message, m);
    }

    private static MessagePinnedEvent Pinned(Message m) => new(m.RoomId, m.Id, m.Rev, m.PinnedById, m.PinnedAt);

    private sealed class PinnedMeanwhile : Exception;
}
