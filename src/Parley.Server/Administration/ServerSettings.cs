namespace Parley.Server.Administration;

/// <summary>
/// The settings an admin changes at run time, one row (id 1). A null column means "the appsettings default"
/// (Parley:Server:…), so a fresh database follows the configuration until an admin sets a value.
/// </summary>
public sealed class ServerSettings
{
    public int Id { get; set; } = 1;
    public string? Name { get; set; }
    public RegistrationMode? RegistrationMode { get; set; }
    public long? MaxUploadBytes { get; set; }
    public int? MaxMessageLength { get; set; }
    public Rooms.NotificationLevel? DefaultNotificationLevel { get; set; }
    public CustomEmoji.CustomEmojiPolicy? CustomEmoji { get; set; }
    public bool? RequireTwoFactor { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
}

public enum RegistrationMode
{
    /// <summary>Anyone who reaches the server can create an account.</summary>
    Open = 0,
    /// <summary>Only with a valid invite link.</summary>
    InviteOnly = 1,
    /// <summary>Only admins create accounts.</summary>
    Closed = 2,
}
