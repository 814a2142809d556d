using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.Administration;

public sealed record CreateInviteRequest(DateTime? ExpiresAt, int? MaxUses);

/// <summary>An invite link. token and url are only in the answer that created it: only the token's hash is stored.</summary>
public sealed record InviteLinkDto(Guid Id, string? Token, string? Url, DateTime CreatedAt, Guid CreatedById, DateTime? ExpiresAt, int? MaxUses, int Uses,
    DateTime? RevokedAt)
{
    public static InviteLinkDto From(InviteLink l, string? token = null, string? url = null) =>
        new(l.Id, token, url, DateTime.SpecifyKind(l.CreatedAt, DateTimeKind.Utc), l.CreatedById, Utc(l.ExpiresAt), l.MaxUses, l.Uses, Utc(l.RevokedAt));

    private static DateTime? Utc(DateTime? t) => t is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}

/// <summary>Invite links: made, listed and revoked by admins (ManageServer); one use taken per registration, atomically.</summary>
public sealed class InviteLinks(ParleyDb db, TimeProvider clock)
{
    public const int MaxUsesLimit = 100_000;

    public static ValidationProblem? Problems(CreateInviteRequest req, DateTime now) => Infrastructure.Problems.Fields(
        ("expiresAt", ZonedTime.Problem(req.ExpiresAt, "expiresAt") ?? (req.ExpiresAt is { } at && at.ToUniversalTime() <= now ? "expiresAt must be in the future." : null)),
        ("maxUses", req.MaxUses is null or (>= 1 and <= MaxUsesLimit) ? null : $"maxUses must be between 1 and {MaxUsesLimit}."));

    public async Task<InviteLinkDto> CreateAsync(Guid me, CreateInviteRequest req, string baseUrl, CancellationToken ct)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        var link = new InviteLink
        {
            Id = Guid.CreateVersion7(), TokenHash = Hash(token), CreatedById = me, CreatedAt = now,
            ExpiresAt = req.ExpiresAt?.ToUniversalTime(), MaxUses = req.MaxUses,
        };
        db.InviteLinks.Add(link);
        AuditLog.Record(db, now, me, "invite.create", details: new { inviteId = link.Id, link.ExpiresAt, link.MaxUses });
        await db.SaveChangesAsync(ct);
        return InviteLinkDto.From(link, token, $"{baseUrl.TrimEnd('/')}/register?invite={Uri.EscapeDataString(token)}");
    }

    public async Task<List<InviteLinkDto>> ListAsync(CancellationToken ct) =>
        (await db.InviteLinks.AsNoTracking().OrderByDescending(l => l.CreatedAt).Take(500).ToListAsync(ct)).Select(l => InviteLinkDto.From(l)).ToList();

    /// <summary>False: no such link. Revoking twice changes (and records) nothing the second time.</summary>
    public async Task<bool> RevokeAsync(Guid me, Guid id, CancellationToken ct)
    {
        var link = await db.InviteLinks.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (link is null) return false;
        if (link.RevokedAt is not null) return true;
        var now = clock.GetUtcNow().UtcDateTime;
        link.RevokedAt = now;
        AuditLog.Record(db, now, me, "invite.revoke", details: new { inviteId = id });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Takes one use of the link if it is valid now: a single conditional UPDATE, so of two registrations racing for
    /// the last use exactly one gets it (PostgreSQL re-checks the condition on the row it waited for; SQLite writes
    /// one at a time). Run it inside the registration's transaction.
    /// </summary>
    public async Task<bool> TryUseAsync(string token, CancellationToken ct)
    {
        var hash = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.InviteLinks
            .Where(l => l.TokenHash == hash && l.RevokedAt == null && (l.ExpiresAt == null || l.ExpiresAt > now) && (l.MaxUses == null || l.Uses < l.MaxUses))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Uses, l => l.Uses + 1), ct) == 1;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
