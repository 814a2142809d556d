namespace Parley.Server.Notifications;

/// <summary>One browser (device) that asked for Web Push: where to send, and the keys to encrypt for it.</summary>
public sealed class PushSubscription
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    /// <summary>The push service URL the browser gave; unique, so a re-subscribe replaces the row.</summary>
    public string Endpoint { get; set; } = "";
    /// <summary>Base64url of the browser's P-256 public key (65 bytes uncompressed).</summary>
    public string P256dh { get; set; } = "";
    /// <summary>Base64url of the 16-byte auth secret.</summary>
    public string Auth { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
}

/// <summary>A named server-wide secret kept in the database (the VAPID key), so all nodes share it.</summary>
public sealed class ServerSecret
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
