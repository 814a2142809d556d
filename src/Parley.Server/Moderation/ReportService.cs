using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Rooms;

namespace Parley.Server.Moderation;

/// <summary>
/// Reports of messages and the moderators' queue. Whoever can read a message may report it, once; moderators resolve
/// or dismiss reports, each handling audited in its own transaction. The reporter is never shown to the reported
/// person: not in any event, and not in the queue of a moderator who is the one reported (they can't handle it).
/// </summary>
public sealed class ReportService(ParleyDb db, RoomAccess access, IChatAudience audience, TimeProvider clock)
{
    public const int MaxReason = 500, MaxNote = 500, MaxPage = 100;

    /// <summary>Files a report; a repeat by the same person returns the first (Created false) and tells nobody again.</summary>
    public async Task<(ReportReceipt Receipt, bool Created)> FileAsync(Guid me, Guid messageId, ReportMessageRequest req, CancellationToken ct = default)
    {
        var reason = CheckText(req.Reason, "reason", MaxReason, required: true);
        PermissionTable.Require(Permission.ReportMessage, await db.ServerRoleOfAsync(me, ct));
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, ct) ?? throw ParleyError.NotFound("Message");
        // Who can't read it hears what they would of a message that doesn't exist.
        await access.RequireReadableAsync(me, message.RoomId, ct);
        if (await FindAsync(me, messageId, ct) is { } earlier) return (earlier, false);
        if (message.Kind != MessageKind.Text || message.DeletedAt is not null) throw ParleyError.NotFound("Message");
        if (message.SenderId == me) throw ParleyError.Invalid("messageId", "You can't report your own message.");

        var report = new Report
        {
            Id = Guid.CreateVersion7(), MessageId = messageId, RoomId = message.RoomId, ReporterId = me, ReportedUserId = message.SenderId,
            Reason = reason, MessageText = message.Text, CreatedAt = clock.GetUtcNow().UtcDateTime, State = ReportState.Open,
        };
        db.Reports.Add(report);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // The same report sent twice at once: the first one stands.
            db.ChangeTracker.Clear();
            return (await FindAsync(me, messageId, ct) ?? throw ParleyError.NotFound("Message"), false);
        }

        var filed = (await ToDtosAsync([report], ct))[0] with { Reporter = null };
        await audience.Moderators().ReportFiled(filed);
        return (new ReportReceipt(report.Id, report.State.Wire()), true);
    }

    private async Task<ReportReceipt?> FindAsync(Guid me, Guid messageId, CancellationToken ct) =>
        await db.Reports.AsNoTracking().Where(r => r.MessageId == messageId && r.ReporterId == me)
            .Select(r => new { r.Id, r.State }).FirstOrDefaultAsync(ct) is { } row ? new ReportReceipt(row.Id, row.State.Wire()) : null;

    /// <summary>The queue in one state (open by default), newest first, paged by id.</summary>
    public async Task<ReportsPage> ListAsync(Guid me, string? state, string? before, int? limit, CancellationToken ct = default)
    {
        PermissionTable.Require(Permission.ReviewReports, await db.ServerRoleOfAsync(me, ct));
        var wanted = state is null ? ReportState.Open : ReportStates.Parse(state) ?? throw ParleyError.Invalid("state", "state must be open, resolved or dismissed.");
        if (limit is < 1 or > MaxPage) throw ParleyError.Invalid("limit", $"limit must be 1 to {MaxPage}.");
        var take = limit ?? 50;
        // Reports about oneself are for the other moderators.
        var q = db.Reports.AsNoTracking().Where(r => r.State == wanted && r.ReportedUserId != me);
        if (before is not null)
        {
            if (!Guid.TryParse(before, out var cursor)) throw ParleyError.Invalid("before", "before must be the nextBefore of an earlier page.");
            q = q.Where(r => r.Id.CompareTo(cursor) < 0);
        }
        var rows = await q.OrderByDescending(r => r.Id).Take(take + 1).ToListAsync(ct);
        var hasMore = rows.Count > take;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        return new ReportsPage(await ToDtosAsync(rows, ct), hasMore ? rows[^1].Id : null);
    }

    /// <summary>Resolves or dismisses an open report, with one audit entry in the same transaction.</summary>
    public async Task<ReportDto> HandleAsync(Guid me, Guid reportId, ReportState outcome, HandleReportRequest? req, CancellationToken ct = default)
    {
        var note = CheckText(req?.Note, "note", MaxNote, required: false);
        PermissionTable.Require(Permission.ReviewReports, await db.ServerRoleOfAsync(me, ct));
        var report = await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId && r.ReportedUserId != me, ct)
            ?? throw ParleyError.NotFound("Report");
        var alreadyHandled = ParleyError.Conflict("id", "This report was already handled.");
        if (report.State != ReportState.Open) throw alreadyHandled;

        var now = clock.GetUtcNow().UtcDateTime;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Two moderators at once: one handles it, the other is told.
            var changed = await db.Reports.Where(r => r.Id == reportId && r.State == ReportState.Open).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, outcome).SetProperty(r => r.HandledById, me).SetProperty(r => r.HandledAt, now)
                .SetProperty(r => r.Note, note), ct);
            if (changed == 0) throw alreadyHandled;
            AuditLog.Record(db, now, me, outcome == ReportState.Resolved ? "report.resolve" : "report.dismiss",
                report.ReportedUserId, report.RoomId, report.MessageId, note, new { reportId });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        report.State = outcome;
        report.HandledById = me;
        report.HandledAt = now;
        report.Note = note;
        return (await ToDtosAsync([report], ct))[0];
    }

    private async Task<List<ReportDto>> ToDtosAsync(IReadOnlyList<Report> reports, CancellationToken ct)
    {
        if (reports.Count == 0) return [];
        var messageIds = reports.Select(r => r.MessageId).Distinct().ToList();
        var roomIds = reports.Select(r => r.RoomId).Distinct().ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var rooms = await db.Rooms.AsNoTracking().Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var userIds = reports.SelectMany(r => new[] { r.ReporterId, r.ReportedUserId, r.HandledById ?? Guid.Empty }).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new PersonDto(u.Id, u.UserName!, u.DisplayName)).ToDictionaryAsync(p => p.Id, ct);
        return reports.Select(r =>
        {
            var m = messages.GetValueOrDefault(r.MessageId);
            var room = rooms.GetValueOrDefault(r.RoomId);
            return new ReportDto(r.Id, r.State.Wire(), r.Reason, r.CreatedAt,
                new ReportedMessage(r.MessageId, m?.Seq ?? 0, m?.Text ?? "", m?.CreatedAt ?? r.CreatedAt, m?.EditedAt, m is null || m.DeletedAt is not null,
                    people.GetValueOrDefault(r.ReportedUserId), r.MessageText),
                new ReportedRoom(r.RoomId, room?.Name ?? "", room?.Kind.Wire() ?? "deleted"),
                people.GetValueOrDefault(r.ReporterId), r.HandledById is { } h ? people.GetValueOrDefault(h) : null, r.HandledAt, r.Note);
        }).ToList();
    }

    private static string CheckText(string? text, string field, int max, bool required)
    {
        if (VisibleText.IsBlank(text))
            return required ? throw ParleyError.Invalid(field, $"{field} is required: say what is wrong with the message.") : "";
        var trimmed = text!.Trim().Replace("\r\n", "\n");
        if (trimmed.Length > max) throw ParleyError.Invalid(field, $"{field} is too long: {trimmed.Length} characters, the limit is {max}.");
        if (TextRules.HasForbiddenControl(trimmed)) throw ParleyError.Invalid(field, $"{field} contains control characters.");
        return trimmed;
    }
}
