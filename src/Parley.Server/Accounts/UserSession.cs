namespace Parley.Server.Accounts;

/// <summary>
/// One sign-in and the tokens or cookie that carry it (its id is the <c>parley:sid</c> claim): how it was proved, from
/// where, and when last used. Written by <see cref="UserSessionRecorder"/> for every sign-in through the
/// <see cref="SignInDoor"/>; listed and ended by <see cref="UserSessionService"/>. Whether a token is still good is not
/// decided here (that is <see cref="SessionCheck"/>): this is the list the owner sees.
/// </summary>
public sealed class UserSession
{
    public string SessionId { get; set; } = "";
    public Guid UserId { get; set; }
    /// <summary>"pwd", "pwd+totp", "passkey", "sso:{provider}" …, as the door was told.</summary>
    public string Method { get; set; } = "";
    /// <summary>"cookie" (the web client) or "bearer" (apps and bots).</summary>
    public string Kind { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime LastActiveAt { get; set; }
    /// <summary>The client address last seen (after trusted proxies), empty when unknown.</summary>
    public string Address { get; set; } = "";
    public string UserAgent { get; set; } = "";
    /// <summary>Set when signed out (here, from another session, everywhere, or by closing the account).</summary>
    public DateTime? EndedAt { get; set; }

    public const string CookieKind = "cookie", BearerKind = "bearer";
    public const int MaxUserAgent = 512, MaxAddress = 64;
}
