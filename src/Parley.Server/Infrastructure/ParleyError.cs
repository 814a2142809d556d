namespace Parley.Server.Infrastructure;

/// <summary>
/// A refusal the user should read: REST turns it into RFC 7807 problem details, the hub into a HubException; both
/// carry the same stable machine <see cref="Code"/> (clients switch on it, never on the sentence).
/// Services throw it before writing anything, so a refused call changes nothing.
/// </summary>
public sealed class ParleyError(int status, string message, string? field = null, TimeSpan? retryAfter = null, string? code = null)
    : Exception(message)
{
    public int Status { get; } = status;
    /// <summary>The request field at fault (camelCase, as on the wire), for 400s.</summary>
    public string? Field { get; } = field;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    /// <summary>Stable and machine-readable (snake_case); the message may change, the code doesn't.</summary>
    public string Code { get; } = code ?? ErrorCodes.ForStatus(status);

    public static ParleyError Invalid(string field, string message, string code = ErrorCodes.Invalid) => new(400, message, field, code: code);
    public static ParleyError NotFound(string what) => new(404, $"{what} not found.");
    public static ParleyError Forbidden(string message, string code = ErrorCodes.Forbidden) => new(403, message, code: code);
    public static ParleyError Conflict(string field, string message) => new(409, message, field);
    public static ParleyError TooLarge(string field, string message) => new(413, message, field);
    public static ParleyError TooMany(string message, TimeSpan retryAfter) => new(429, message, retryAfter: retryAfter);
    public static ParleyError Unavailable(string message, TimeSpan retryAfter) => new(503, message, retryAfter: retryAfter);
    public static ParleyError ShuttingDown() =>
        new(503, "The server is restarting. Try again in a moment.", retryAfter: TimeSpan.FromSeconds(1), code: ErrorCodes.ShuttingDown);
}

/// <summary>The machine codes every REST problem and hub error carries (listed in docs/api.md).</summary>
public static class ErrorCodes
{
    public const string Invalid = "invalid";
    public const string Unauthorized = "unauthorized";
    public const string SessionEnded = "session_ended";
    public const string Forbidden = "forbidden";
    public const string NotMember = "not_member";
    public const string OwnerOnly = "owner_only";
    /// <summary>The permission table (Moderation/PermissionTable.cs) refuses the caller's role this action.</summary>
    public const string NotAllowed = "not_allowed";
    /// <summary>The caller is banned from the room.</summary>
    public const string Banned = "banned";
    /// <summary>The caller is timed out (in the room or everywhere) and may read but not send, react or call.</summary>
    public const string TimedOut = "timed_out";
    /// <summary>The room is read-only (an announcement room, or archived) for the caller.</summary>
    public const string ReadOnly = "read_only";
    /// <summary>Slow mode: the caller sent in this room less than the room's interval ago (429, with Retry-After).</summary>
    public const string SlowMode = "slow_mode";
    /// <summary>Registration is closed, or needs a valid invite link.</summary>
    public const string RegistrationClosed = "registration_closed";
    public const string Blocked = "blocked";
    public const string FriendsOnly = "friends_only";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string TooLarge = "too_large";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimited = "rate_limited";
    public const string TooManyConnections = "too_many_connections";
    public const string Unavailable = "unavailable";
    public const string ShuttingDown = "shutting_down";
    public const string UnknownMethod = "unknown_method";
    /// <summary>The room has no live call (GET /api/rooms/{id}/call).</summary>
    public const string NoCall = "no_call";
    /// <summary>The call has as many people as a peer-to-peer call takes (409).</summary>
    public const string CallFull = "call_full";
    /// <summary>The call is over (409).</summary>
    public const string CallEnded = "call_ended";
    /// <summary>An SFU method in a peer-to-peer call (409).</summary>
    public const string NotSfu = "not_sfu";
    /// <summary>SignalCall in a call that goes through the media server (409).</summary>
    public const string NotMesh = "not_mesh";
    /// <summary>The media server (Janus) failed or didn't answer in time (503).</summary>
    public const string MediaServerUnavailable = "media_server_unavailable";
    public const string ServerError = "server_error";
    /// <summary>The poll is closed: votes are refused (409).</summary>
    public const string PollClosed = "poll_closed";
    /// <summary>A scheduled message that was sent (or is being sent) can't be edited or cancelled (409).</summary>
    public const string AlreadySent = "already_sent";
    /// <summary>The caller has as many scheduled messages pending as one may (409).</summary>
    public const string TooManyScheduled = "too_many_scheduled";
    /// <summary>A passkey request token is missing, altered, or for another ceremony or account (Accounts/Passkeys).</summary>
    public const string PasskeyTokenInvalid = "passkey_token_invalid";
    /// <summary>A passkey request token is past its 5 minutes.</summary>
    public const string PasskeyTokenExpired = "passkey_token_expired";
    /// <summary>A passkey's answer is unreadable or fails verification.</summary>
    public const string PasskeyInvalid = "passkey_invalid";
    /// <summary>No passkey with this credential id is registered.</summary>
    public const string PasskeyUnknown = "passkey_unknown";
    /// <summary>A passkey's signature counter did not move forward (a cloned authenticator).</summary>
    public const string PasskeyCounter = "passkey_counter";
    /// <summary>Sign-in with a passkey of a closed account.</summary>
    public const string AccountClosed = "account_closed";
    /// <summary>A wrong two-factor code or recovery code (401 at sign-in, 400 at enrolment).</summary>
    public const string CodeWrong = "code_wrong";
    /// <summary>A two-factor code of a step already used (401).</summary>
    public const string CodeReplayed = "code_replayed";
    /// <summary>The sign-in challenge expired, was altered or the account's security stamp changed: sign in again (401).</summary>
    public const string ChallengeExpired = "challenge_expired";
    /// <summary>The server requires two-factor: it can't be turned off (403).</summary>
    public const string TwoFactorRequired = "two_factor_required";
    /// <summary>The server asks for a verified e-mail address and this account's isn't yet (403 at sign-in).</summary>
    public const string EmailUnverified = "email_unverified";
    /// <summary>E-mail is not set up on this server (no Parley:Email:Host): the e-mail endpoints answer 404.</summary>
    public const string EmailDisabled = "email_disabled";

    public static string ForStatus(int status) => status switch
    {
        400 => Invalid,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => TooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => Unavailable,
        >= 500 => ServerError,
        _ => "error",
    };
}
