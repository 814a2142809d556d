using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>
/// The owner's list of their sessions, and signing one (or all the others) out: the session's tokens are refused from
/// then on (<see cref="SessionRevocation"/>, checked by <see cref="SessionCheck"/> on every node), its row is marked
/// ended, and its open connections are told why and closed on whichever node holds them.
/// </summary>
public sealed class UserSessionService(ParleyDb db, IChatAudience groups, IOptions<AuthOptions> auth, TimeProvider clock)
{
    public const int MaxListed = 100;
    public const string EndedRemotely = "This session was signed out from another device.";

    /// <summary>Newest active first; <paramref name="current"/> is the asking session's id.</summary>
    public async Task<List<UserSessionDto>> ListAsync(Guid me, string? current, CancellationToken ct)
    {
        var rows = await Live(me).AsNoTracking().OrderByDescending(s => s.LastActiveAt).ThenByDescending(s => s.CreatedAt)
            .Take(MaxListed).ToListAsync(ct);
        return rows.Select(r => UserSessionDto.From(r, r.SessionId == current)).ToList();
    }

    /// <summary>Ends one of my sessions (the current one too: that is signing out). Unknown and other people's: 404 alike.</summary>
    public async Task EndAsync(Guid me, string? current, string id, CancellationToken ct)
    {
        var row = id.Length > 64 ? null : await Live(me).FirstOrDefaultAsync(s => s.SessionId == id, ct);
        if (row is null) throw ParleyError.NotFound("Session");
        await EndRowsAsync(me, [row], row.SessionId == current ? "You signed out." : EndedRemotely, ct);
    }

    /// <summary>Ends every session of mine but this one; returns how many.</summary>
    public async Task<int> EndOthersAsync(Guid me, string? current, CancellationToken ct)
    {
        var rows = await Live(me).Where(s => s.SessionId != current).ToListAsync(ct);
        await EndRowsAsync(me, rows, EndedRemotely, ct);
        return rows.Count;
    }

    private async Task EndRowsAsync(Guid me, List<UserSession> rows, string reason, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in rows)
        {
            row.EndedAt = now;
            var agent = UserAgentParser.Parse(row.UserAgent);
            Moderation.AuditLog.Record(db, now, me, "auth.session_ended", targetUserId: row.UserId, reason: "Signed out by the account's owner.",
                details: new { row.Kind, row.Method, agent.Browser, agent.Os, row.Address });
        }
        // The first revocation saves the rows and audit entries with it; the last save catches a session revoked already.
        foreach (var row in rows)
            await SessionRevocation.TryRevokeAsync(db, row.SessionId, now.AddDays(auth.Value.RefreshTokenDays), now, ct);
        await db.SaveChangesAsync(ct);
        foreach (var row in rows) await groups.EndSessionAsync(me, row.SessionId, reason);
    }

    /// <summary>Not ended, and used within the refresh token lifetime (cookies slide and refreshes renew by as much).</summary>
    private IQueryable<UserSession> Live(Guid me)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-auth.Value.RefreshTokenDays);
        return db.UserSessions.Where(s => s.UserId == me && s.EndedAt == null && s.LastActiveAt > since);
    }

    /// <summary>Logout of one session: its row is ended (at once; the revocation is the caller's).</summary>
    public static Task MarkEndedAsync(ParleyDb db, string sessionId, DateTime now) =>
        db.UserSessions.Where(s => s.SessionId == sessionId && s.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now));

    /// <summary>Every session of the account ends (a new security stamp): rows marked in the caller's unit of work.</summary>
    public static async Task MarkAllEndedAsync(ParleyDb db, Guid userId, DateTime now)
    {
        foreach (var row in await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync())
            row.EndedAt = now;
    }
}

/// <summary>A session as its owner sees it. <c>address</c> is the client address last seen (no place: no GeoIP data).</summary>
public sealed record UserSessionDto(string Id, bool Current, string Method, string Kind, string Device, string Browser, string Os,
    string Address, DateTime CreatedAt, DateTime LastActiveAt)
{
    public static UserSessionDto From(UserSession s, bool current)
    {
        var agent = UserAgentParser.Parse(s.UserAgent);
        return new(s.SessionId, current, s.Method, s.Kind, agent.Device, agent.Browser, agent.Os, s.Address, s.CreatedAt, s.LastActiveAt);
    }
}
