namespace Parley.Server.Infrastructure;

/// <summary>
/// A refusal the user should read: REST turns it into RFC 7807 problem details, the hub into a HubException.
/// Services throw it before writing anything, so a refused call changes nothing.
/// </summary>
public sealed class ParleyError(int status, string message, string? field = null, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public int Status { get; } = status;
    /// <summary>The request field at fault (camelCase, as on the wire), for 400s.</summary>
    public string? Field { get; } = field;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static ParleyError Invalid(string field, string message) => new(400, message, field);
    public static ParleyError NotFound(string what) => new(404, $"{what} not found.");
    public static ParleyError Forbidden(string message) => new(403, message);
    public static ParleyError Conflict(string field, string message) => new(409, message, field);
    public static ParleyError TooLarge(string field, string message) => new(413, message, field);
    public static ParleyError TooMany(string message, TimeSpan retryAfter) => new(429, message, retryAfter: retryAfter);
}
