using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Administration;

/// <summary>
/// Parley:Server: what a fresh server starts with. Admins change these at run time (server_settings); a setting
/// they never changed keeps following this file. Upload and message limits default to Parley:Files:MaxFileBytes and
/// Parley:Messages:MaxLength.
/// </summary>
public sealed class ServerOptions
{
    [Required, StringLength(ServerSettingsRules.MaxName, MinimumLength = 1)] public string Name { get; set; } = "Parley";
    /// <summary>open, invite or closed.</summary>
    [RegularExpression("^(open|invite|closed)$", ErrorMessage = "Parley:Server:RegistrationMode must be open, invite or closed.")]
    public string RegistrationMode { get; set; } = "open";
    /// <summary>What "default" means for a room member's notifications: all, mentions or none.</summary>
    [RegularExpression("^(all|mentions|none)$", ErrorMessage = "Parley:Server:DefaultNotificationLevel must be all, mentions or none.")]
    public string DefaultNotificationLevel { get; set; } = "mentions";
    /// <summary>Who may add custom emoji: admins (the default) or everyone (members; guests never).</summary>
    [RegularExpression("^(admins|everyone)$", ErrorMessage = "Parley:Server:CustomEmoji must be admins or everyone.")]
    public string CustomEmoji { get; set; } = "admins";
    /// <summary>Every account must sign in with a second factor (TOTP); those without one enrol at their next sign-in.</summary>
    public bool RequireTwoFactor { get; set; }
}
