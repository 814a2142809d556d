namespace Parley.Server.Accounts.Passkeys;

/// <summary>A WebAuthn credential registered to an account: its public key, and the counter that exposes a cloned authenticator.</summary>
public sealed class Passkey
{
    public const int MaxName = 64;
    /// <summary>WebAuthn caps credential ids at 1023 bytes.</summary>
    public const int MaxCredentialId = 1023;

    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public byte[] CredentialId { get; set; } = [];
    /// <summary>The COSE-encoded public key, as Fido2 verifies assertions with it.</summary>
    public byte[] PublicKey { get; set; } = [];
    public long SignCount { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Transport hints ("internal,hybrid"), given back in allow/exclude lists so browsers offer the right device.</summary>
    public string Transports { get; set; } = "";
    public Guid AaGuid { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

public sealed record PasskeyDto(Guid Id, string Name, DateTime CreatedAt, DateTime? LastUsedAt)
{
    public static PasskeyDto From(Passkey p) => new(p.Id, p.Name, p.CreatedAt, p.LastUsedAt);
}
