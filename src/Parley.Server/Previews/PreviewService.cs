using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Rooms;

namespace Parley.Server.Previews;

/// <summary>The sender's removal of their message's previews, and who may see a preview's image.</summary>
public sealed class PreviewService(ParleyDb db, RoomAccess access, IChatAudience groups)
{
    /// <summary>
    /// Hides the message's previews for good (a later edit that changes its links previews those): the same event with
    /// an empty list, under a new rev. Only the sender; others who can see the message get 403, anyone else 404.
    /// </summary>
    public async Task<MessagePreviewsEvent> RemoveAsync(Guid userId, Guid messageId, CancellationToken ct = default)
    {
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, ct) ?? throw ParleyError.NotFound("Message");
        await access.RequireReadableAsync(userId, message.RoomId, ct);
        if (message.DeletedAt is not null) throw ParleyError.NotFound("Message");
        if (message.SenderId != userId || message.Kind != MessageKind.Text) throw ParleyError.Forbidden("Only the sender can remove a message's previews.");
        if (message.PreviewsRemoved && !message.HasPreviews) return new MessagePreviewsEvent(message.RoomId, messageId, message.Rev, []);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rev = await RoomSequence.NextRevAsync(db, message.RoomId, ct);
        message = await db.Messages.FirstAsync(m => m.Id == messageId, ct);
        await db.MessagePreviews.Where(p => p.MessageId == messageId).ExecuteDeleteAsync(ct);
        message.HasPreviews = false;
        message.PreviewsRemoved = true;
        message.Rev = rev;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var change = new MessagePreviewsEvent(message.RoomId, messageId, rev, []);
        await groups.InRoom(message.RoomId).MessagePreviews(change);
        return change;
    }

    /// <summary>
    /// The image, for whoever can read a message that shows the preview now (a member of its room, or a reader of a
    /// public one). Anyone else gets 404, exactly as for an image that doesn't exist.
    /// </summary>
    public async Task<LinkPreviewImage> RequireImageAsync(Guid userId, Guid previewId, CancellationToken ct = default)
    {
        var rooms = await (from mp in db.MessagePreviews
                           where mp.PreviewId == previewId
                           join m in db.Messages on mp.MessageId equals m.Id
                           where m.DeletedAt == null
                           select m.RoomId).Distinct().OrderBy(r => r).Take(100).ToListAsync(ct);
        if (!await MayReadAnyAsync(userId, rooms, ct)) throw ParleyError.NotFound("Preview image");
        return await db.LinkPreviewImages.AsNoTracking().FirstOrDefaultAsync(i => i.PreviewId == previewId, ct)
            ?? throw ParleyError.NotFound("Preview image");
    }

    private async Task<bool> MayReadAnyAsync(Guid userId, List<Guid> rooms, CancellationToken ct)
    {
        if (rooms.Count == 0) return false;
        if (await db.RoomMembers.AnyAsync(rm => rm.UserId == userId && rooms.Contains(rm.RoomId), ct)) return true;
        foreach (var room in rooms)
        {
            try
            {
                await access.RequireReadableAsync(userId, room, ct);
                return true;
            }
            catch (ParleyError) { }
        }
        return false;
    }
}
