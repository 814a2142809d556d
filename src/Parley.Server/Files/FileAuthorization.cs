using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Rooms;

namespace Parley.Server.Files;

/// <summary>
/// Who may fetch a file, checked on every request (ids are random, but never the only guard): an attachment by its
/// uploader and the members of the conversation it was posted in; an avatar by anyone signed in; a room icon by
/// whoever may read the room. Anything else answers 404, exactly as a file that doesn't exist.
/// </summary>
public sealed class FileAuthorization(ParleyDb db, RoomAccess rooms)
{
    public async Task<StoredFile> RequireReadableAsync(Guid userId, Guid fileId, CancellationToken ct = default)
    {
        var file = await db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, ct) ?? throw ParleyError.NotFound("File");
        switch (file.Purpose)
        {
            case FilePurpose.Avatar:
                return file;
            case FilePurpose.RoomIcon when file.RoomId is { } roomId:
                await rooms.RequireReadableAsync(userId, roomId, ct);
                return file;
            case FilePurpose.Attachment:
                if (file.UploaderId == userId) return file;
                if (file.RoomId is { } posted && await db.RoomMembers.AnyAsync(m => m.RoomId == posted && m.UserId == userId, ct)) return file;
                break;
        }
        throw ParleyError.NotFound("File");
    }
}
