namespace Parley.Server.Accounts.Passkeys;

/// <summary>Parley:Auth:Passkeys. Unset, each follows the request: the host it was sent to, its origin, the server's name.</summary>
public sealed class PasskeyOptions
{
    /// <summary>The relying party id: a registrable domain the origins belong to (e.g. example.org). Passkeys are bound to it: don't change it once used.</summary>
    public string? RelyingPartyId { get; set; }
    /// <summary>The origins the browser may use passkeys from (e.g. https://chat.example.org).</summary>
    public string[] Origins { get; set; } = [];
    /// <summary>The name the browser shows when it asks for a passkey.</summary>
    public string? RelyingPartyName { get; set; }
}
