namespace Parley.Server.Moderation;

public sealed record ReportMessageRequest(string? Reason);
public sealed record HandleReportRequest(string? Note);

/// <summary>What the person who reports reads back: never more than their own report's id and state.</summary>
public sealed record ReportReceipt(Guid Id, string State);

/// <summary>Someone named in a report or an audit entry: enough to show them, nothing of their profile.</summary>
public sealed record PersonDto(Guid Id, string UserName, string DisplayName);

/// <summary>
/// The reported message as it is now (an edited or deleted one shows so: deleted, text empty), and its text when it
/// was reported, which its author can't take back.
/// </summary>
public sealed record ReportedMessage(Guid Id, long Seq, string Text, DateTime CreatedAt, DateTime? EditedAt, bool Deleted, PersonDto? Sender,
    string TextWhenReported);

public sealed record ReportedRoom(Guid Id, string Name, string Kind);

/// <summary>
/// A report in the moderation queue. <see cref="Reporter"/> is shown to moderators reading the queue only: it is null
/// in the ReportFiled event (the reported person may be a moderator too, and hears it).
/// </summary>
public sealed record ReportDto(Guid Id, string State, string Reason, DateTime CreatedAt, ReportedMessage Message, ReportedRoom Room,
    PersonDto? Reporter, PersonDto? HandledBy, DateTime? HandledAt, string Note);

public sealed record ReportsPage(IReadOnlyList<ReportDto> Items, Guid? NextBefore);

public static class ReportStates
{
    public static string Wire(this ReportState state) => state switch
    {
        ReportState.Resolved => "resolved",
        ReportState.Dismissed => "dismissed",
        _ => "open",
    };

    public static ReportState? Parse(string? wire) => wire switch
    {
        "open" => ReportState.Open,
        "resolved" => ReportState.Resolved,
        "dismissed" => ReportState.Dismissed,
        _ => null,
    };
}
