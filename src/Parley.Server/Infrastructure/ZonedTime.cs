namespace Parley.Server.Infrastructure;

/// <summary>
/// A time a request gives (a poll's close, a scheduled send, a ban's or invite's end, a status's expiry) must say its
/// zone, <c>…Z</c> or an offset: a bare time could mean any zone, and reading it in the server's would make the same
/// request mean different moments on different servers. The client converts the user's local time itself.
/// </summary>
public static class ZonedTime
{
    /// <summary>The time in UTC (null stays null); a time without its zone is refused, naming <paramref name="field"/>.</summary>
    public static DateTime? Utc(DateTime? value, string field) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Unspecified } => throw ParleyError.Invalid(field, Problem(value, field)!),
        { } t => DateTime.SpecifyKind(t.ToUniversalTime(), DateTimeKind.Utc),
    };

    /// <summary>What is wrong with the time, for validation that lists every field's problem; null if nothing.</summary>
    public static string? Problem(DateTime? value, string field) =>
        value is { Kind: DateTimeKind.Unspecified } ? $"{field} must say its time zone (UTC: …Z, or an offset such as +02:00)." : null;
}
