using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Rooms;

namespace Parley.Server.Messages;

/// <summary>Edit history: every edit keeps the text it replaced; anyone who may read the message may read them.</summary>
public sealed class MessageVersions(ParleyDb db, RoomAccess access)
{
    /// <summary>Inside the edit's transaction: keeps <paramref name="message"/>'s text as it is before the edit.</summary>
    public static async Task KeepAsync(ParleyDb db, Message message, CancellationToken ct)
    {
        var last = await db.Set<MessageVersion>().Where(v => v.MessageId == message.Id).MaxAsync(v => (int?)v.Version, ct) ?? 0;
        db.Set<MessageVersion>().Add(new MessageVersion
        {
            MessageId = message.Id, Version = last + 1, Text = message.Text, EditedAt = message.EditedAt ?? message.CreatedAt,
        });
    }

    /// <summary>Every text the message has had, oldest first, ending with the current one; 404 for those who can't read it.</summary>
    public async Task<List<MessageVersionDto>> ListAsync(Guid me, Guid messageId, CancellationToken ct = default)
    {
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == messageId, ct);
        if (message is null || message.DeletedAt is not null) throw ParleyError.NotFound("Message");
        try { await access.RequireReadableAsync(me, message.RoomId, ct); }
        catch (ParleyError) { throw ParleyError.NotFound("Message"); }
        var earlier = await db.Set<MessageVersion>().AsNoTracking().Where(v => v.MessageId == messageId).OrderBy(v => v.Version).ToListAsync(ct);
        var list = earlier.Select(v => new MessageVersionDto(v.Version, v.Text, v.EditedAt, false)).ToList();
        list.Add(new MessageVersionDto(earlier.Count + 1, message.Text, message.EditedAt ?? message.CreatedAt, true));
        return list;
    }
}
