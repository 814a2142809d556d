namespace Parley.Server.Administration;

/// <summary>A link that lets someone register while registration is by invite. Only the token's hash is stored.</summary>
public sealed class InviteLink
{
    public Guid Id { get; set; }
    /// <summary>SHA-256 of the token, hex.</summary>
    public string TokenHash { get; set; } = "";
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    /// <summary>Null: no limit.</summary>
    public int? MaxUses { get; set; }
    public int Uses { get; set; }
    public DateTime? RevokedAt { get; set; }
}
