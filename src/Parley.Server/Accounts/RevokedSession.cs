using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Accounts;

/// <summary>
/// A signed-out session. Bearer tokens are self-contained, so logout records the session id; tokens carrying it
/// are refused from then on. Rows can go once every token of the session would have expired anyway.
/// The same table records each refresh token once it has been traded (<see cref="RefreshRotation"/>).
/// </summary>
public sealed class RevokedSession
{
    public string SessionId { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}

public static class SessionRevocation
{
    /// <summary>
    /// Records the id as revoked until <paramref name="expiresAt"/>. True when this call recorded it; false when it
    /// already was, also when a concurrent call got there first (the primary key decides, so at most one call wins).
    /// </summary>
    public static async Task<bool> TryRevokeAsync(ParleyDb db, string id, DateTime expiresAt, DateTime now, CancellationToken ct = default)
    {
        await db.RevokedSessions.Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(ct);
        if (await db.RevokedSessions.AnyAsync(r => r.SessionId == id, ct)) return false;
        var row = db.RevokedSessions.Add(new RevokedSession { SessionId = id, ExpiresAt = expiresAt });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            row.State = EntityState.Detached;
            return false;
        }
    }
}
