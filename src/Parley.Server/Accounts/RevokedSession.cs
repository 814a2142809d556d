namespace Parley.Server.Accounts;

/// <summary>
/// A signed-out session. Bearer tokens are self-contained, so logout records the session id; tokens carrying it
/// are refused from then on. Rows can go once every token of the session would have expired anyway.
/// </summary>
public sealed class RevokedSession
{
    public string SessionId { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}
