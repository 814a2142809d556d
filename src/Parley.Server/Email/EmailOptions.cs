using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Email;

/// <summary>
/// Parley:Email: the SMTP server mail goes through. An empty Host turns every e-mail feature off (the endpoints answer
/// 404 email_disabled and the client hides them).
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    public string Host { get; set; } = "";
    [Range(1, 65535)] public int Port { get; set; } = 587;
    /// <summary>auto (STARTTLS when offered; TLS on connect on port 465), none, starttls or tls.</summary>
    [RegularExpression("^(auto|none|starttls|tls)$", ErrorMessage = "Parley:Email:Security must be auto, none, starttls or tls.")]
    public string Security { get; set; } = "auto";
    /// <summary>Empty: no authentication.</summary>
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string From { get; set; } = "Parley <parley@localhost>";
    /// <summary>The base of links in mail (https://chat.example.org); empty: the scheme and host of the request that caused the mail.</summary>
    public string PublicUrl { get; set; } = "";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!Enabled) yield break;
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
            yield return new ValidationResult("Parley:Email:From must be an address such as \"Parley <parley@example.org>\".", [nameof(From)]);
        if (PublicUrl.Length > 0 && (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            yield return new ValidationResult("Parley:Email:PublicUrl must be an absolute http(s) address such as https://chat.example.org.", [nameof(PublicUrl)]);
    }
}
