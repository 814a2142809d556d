using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Messages;

/// <summary>
/// Takes a room's next seq and rev inside the caller's transaction. The UPDATE locks the room's row
/// (PostgreSQL) or the database (SQLite) until commit, so writers of one room are serialised and seq has no gaps.
/// </summary>
public static class RoomSequence
{
    public sealed record SeqRev(long Seq, long Rev);

    /// <summary>For a new message: next seq and next rev.</summary>
    public static async Task<SeqRev> NextMessageAsync(ParleyDb db, Guid roomId, DateTime now, CancellationToken ct = default)
    {
        var rows = await db.Database.SqlQuery<SeqRev>($"""
            UPDATE rooms SET last_seq = last_seq + 1, last_rev = last_rev + 1, last_activity_at = {now}
            WHERE id = {roomId}
            RETURNING last_seq AS "Seq", last_rev AS "Rev"
            """).ToListAsync(ct);
        return rows.Count == 1 ? rows[0] : throw new InvalidOperationException($"Room {roomId} vanished during a write.");
    }

    /// <summary>For a change to an existing row (edit, delete, reaction): next rev only.</summary>
    public static async Task<long> NextRevAsync(ParleyDb db, Guid roomId, CancellationToken ct = default)
    {
        var rows = await db.Database.SqlQuery<long>($"""
            UPDATE rooms SET last_rev = last_rev + 1
            WHERE id = {roomId}
            RETURNING last_rev AS "Value"
            """).ToListAsync(ct);
        return rows.Count == 1 ? rows[0] : throw new InvalidOperationException($"Room {roomId} vanished during a write.");
    }
}
