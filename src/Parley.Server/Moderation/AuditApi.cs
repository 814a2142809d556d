using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Moderation;

public sealed record AuditEntryDto(long Id, DateTime At, PersonDto? Actor, string Action, PersonDto? Target, Guid? RoomId, Guid? MessageId, string Reason,
    JsonElement? Details);

public sealed record AuditPage(IReadOnlyList<AuditEntryDto> Items, long? NextBefore);

/// <summary>GET /api/admin/audit: the audit log for admins (ReadAuditLog), newest first, keyset on id.</summary>
public static class AuditApi
{
    public const int MaxLimit = 200;

    public static void MapAudit(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/admin/audit", List).WithTags("Administration").RequireAuthorization().WithName("ReadAuditLog")
            .WithSummary("Moderation and administration actions, newest first: ?actor=&target=&action=&room=&from=&to=&before=nextBefore&limit=.");

    private static async Task<Ok<AuditPage>> List(string? actor, string? target, string? action, string? room, string? from, string? to, string? before,
        int? limit, HttpContext http, ParleyDb db, CancellationToken ct)
    {
        PermissionTable.Require(Permission.ReadAuditLog, await db.ServerRoleOfAsync(http.User.UserId(), ct));
        if (limit is < 1 or > MaxLimit) throw ParleyError.Invalid("limit", $"limit must be 1 to {MaxLimit}.");
        var take = limit ?? 50;

        var q = db.AuditLog.AsNoTracking();
        if (IdOf(actor, "actor") is { } actorId) q = q.Where(a => a.ActorId == actorId);
        if (IdOf(target, "target") is { } targetId) q = q.Where(a => a.TargetUserId == targetId);
        if (IdOf(room, "room") is { } roomId) q = q.Where(a => a.RoomId == roomId);
        if (!string.IsNullOrEmpty(action)) q = q.Where(a => a.Action == action);
        if (TimeOf(from, "from") is { } since) q = q.Where(a => a.At >= since);
        if (TimeOf(to, "to") is { } until) q = q.Where(a => a.At < until);
        if (before is not null)
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
                throw ParleyError.Invalid("before", "before must be the nextBefore of an earlier page.");
            q = q.Where(a => a.Id < cursor);
        }
        var rows = await q.OrderByDescending(a => a.Id).Take(take + 1).ToListAsync(ct);
        var hasMore = rows.Count > take;
        if (hasMore) rows.RemoveAt(rows.Count - 1);

        var userIds = rows.SelectMany(r => new[] { r.ActorId, r.TargetUserId }).OfType<Guid>().Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new PersonDto(u.Id, u.UserName!, u.DisplayName)).ToDictionaryAsync(p => p.Id, ct);
        // Someone since removed still shows by id: the log outlives the people it names.
        PersonDto? Person(Guid? id) => id is { } i ? people.GetValueOrDefault(i) ?? new PersonDto(i, "", "") : null;
        var items = rows.Select(r => new AuditEntryDto(r.Id, DateTime.SpecifyKind(r.At, DateTimeKind.Utc), Person(r.ActorId), r.Action, Person(r.TargetUserId),
            r.RoomId, r.MessageId, r.Reason, r.Details is null ? null : JsonDocument.Parse(r.Details).RootElement.Clone())).ToList();
        return TypedResults.Ok(new AuditPage(items, hasMore ? rows[^1].Id : null));
    }

    private static Guid? IdOf(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null : Guid.TryParse(value, out var id) ? id : throw ParleyError.Invalid(field, $"{field} must be a user or room id.");

    private static DateTime? TimeOf(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null
        : DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
            : throw ParleyError.Invalid(field, $"{field} must be a date and time (ISO 8601).");
}
