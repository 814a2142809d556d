using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Rooms;

namespace Parley.Server.Moderation;

/// <summary>
/// What a room's state and a member's sanctions forbid on the write paths (send, react, edit). Everything but slow mode
/// is answered from the cached <see cref="RoomAccess.Membership"/>: a send costs no query for it.
/// </summary>
public static class Sanctions
{
    public static ParleyError BannedRefusal() => ParleyError.Forbidden("You are banned from this room.", ErrorCodes.Banned);

    /// <summary>Archived rooms take nothing; a timed-out member may read only.</summary>
    public static void RequireMayWrite(RoomAccess.Membership m, DateTime now)
    {
        if (m.Room.ArchivedAt is not null) throw ParleyError.Forbidden("This room is archived: it can be read but not written in.", ErrorCodes.ReadOnly);
        if (m.TimedOutUntil is { } until && until > now)
            throw ParleyError.Forbidden($"You are timed out until {until.ToString("u", CultureInfo.InvariantCulture)}; you can read but not write.", ErrorCodes.TimedOut);
    }

    /// <summary>For a new message: the checks above, then read-only rooms take posts from moderators only.</summary>
    public static void RequireMayPost(RoomAccess.Membership m, DateTime now)
    {
        RequireMayWrite(m, now);
        if (m.Room.ReadOnly && !PermissionTable.Allows(Permission.PostInReadOnlyRoom, m.ServerRole, m.Member.Role))
            throw ParleyError.Forbidden("Only moderators can post in this room.", ErrorCodes.ReadOnly);
    }

    /// <summary>
    /// Slow mode: one message per the room's interval per member, moderators exempt. Decided from the database (so it
    /// holds across nodes), and only in rooms that have slow mode on: the member's row says when they last sent (the
    /// group commit writes it with their read position). A member who joined within the interval has a new row, so
    /// their messages from before a leave are looked for too, in the room's messages of that interval only.
    /// </summary>
    public static async Task RequireSlowModeAsync(ParleyDb db, RoomAccess.Membership m, DateTime now, CancellationToken ct)
    {
        var seconds = m.Room.SlowModeSeconds;
        if (seconds <= 0 || PermissionTable.Allows(Permission.SkipSlowMode, m.ServerRole, m.Member.Role)) return;
        var since = now.AddSeconds(-seconds);
        var last = await LastSent(db, m.Room.Id, m.Member.UserId, ct);
        if (last is null && m.Member.JoinedAt > since) last = await SentSince(db, m.Room.Id, m.Member.UserId, since, ct);
        if (last is not { } at) return;
        var wait = at.AddSeconds(seconds) - now;
        if (wait > TimeSpan.Zero)
            throw new ParleyError(429, $"Slow mode is on: you can send again in {Math.Ceiling(wait.TotalSeconds)} s.", retryAfter: wait, code: ErrorCodes.SlowMode);
    }

    private static readonly Func<ParleyDb, Guid, Guid, CancellationToken, Task<DateTime?>> LastSent = EF.CompileAsyncQuery(
        (ParleyDb db, Guid roomId, Guid userId, CancellationToken ct) => db.RoomMembers.AsNoTracking()
            .Where(x => x.RoomId == roomId && x.UserId == userId).Select(x => x.LastSentAt).FirstOrDefault());

    // On the (room, created_at) index: the interval's messages of the room, not the member's whole history.
    private static readonly Func<ParleyDb, Guid, Guid, DateTime, CancellationToken, Task<DateTime?>> SentSince = EF.CompileAsyncQuery(
        (ParleyDb db, Guid roomId, Guid userId, DateTime since, CancellationToken ct) => db.Messages.AsNoTracking()
            .Where(x => x.RoomId == roomId && x.CreatedAt >= since && x.SenderId == userId && x.Kind == MessageKind.Text)
            .Max(x => (DateTime?)x.CreatedAt));
}
