using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;

namespace Parley.Server.Threads;

/// <summary>Which message a thread hangs from: a text message of the room that is not itself a thread reply.</summary>
public static class ThreadRoots
{
    /// <summary>
    /// The root a reply goes to (a reply's id stands for its own root: threads are one level deep). 404 when the
    /// message is not in this room; 400 when it is a system line or deleted.
    /// </summary>
    public static async Task<Message> ForReplyAsync(ParleyDb db, Guid roomId, Guid threadRootId, CancellationToken ct)
    {
        var root = await FindAsync(db, roomId, threadRootId, ct) ?? throw ParleyError.NotFound("Thread");
        if (root.ThreadRootId is { } actual) root = await FindAsync(db, roomId, actual, ct) ?? throw ParleyError.NotFound("Thread");
        if (root.Kind != MessageKind.Text) throw ParleyError.Invalid("threadRootId", "A system line can't start a thread.");
        if (root.DeletedAt is not null) throw ParleyError.Invalid("threadRootId", "The message that started this thread was deleted.");
        return root;
    }

    private static Task<Message?> FindAsync(ParleyDb db, Guid roomId, Guid id, CancellationToken ct) =>
        db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.RoomId == roomId, ct);
}
