using System.Globalization;
using System.Text.Encodings.Web;

namespace Parley.Server.Email;

/// <summary>
/// The mails accounts send, as plain text and simple HTML. Every value a person chose (display name, browser, address)
/// is HTML-encoded in the HTML part.
/// </summary>
public static class AccountMails
{
    public static OutgoingMail Verify(string to, string displayName, string serverName, string link) => Build(to, "verify",
        $"Verify your e-mail address for {serverName}",
        $"Hello {displayName},",
        [$"Open this link to verify that this address is yours on {serverName}. It works once, for 24 hours."],
        link, "Verify my address",
        "If you did not ask for this, ignore this mail: the address stays unverified.");

    public static OutgoingMail Reset(string to, string displayName, string serverName, string link) => Build(to, "reset",
        $"Reset your {serverName} password",
        $"Hello {displayName},",
        [$"Someone (hopefully you) asked to reset the password of your account on {serverName}. This link works once, for 1 hour.",
         "Setting a new password signs you out everywhere: every browser and app will ask you to sign in again."],
        link, "Choose a new password",
        "If you did not ask for this, ignore this mail: your password stays as it is.");

    public static OutgoingMail SignInNotice(string to, string displayName, string serverName, DateTime at, string browser, string? address) => Build(to, "sign-in",
        "New sign-in to your Parley account",
        $"Hello {displayName},",
        [$"Your account on {serverName} was just signed in to.",
         $"When: {at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC",
         $"Browser: {(browser.Length == 0 ? "unknown" : browser)}",
         $"Address: {address ?? "unknown"}"],
        null, null,
        "If this was you, there is nothing to do. If not, change your password and sign out everywhere (Password & security). You can turn these notices off there too.");

    private static OutgoingMail Build(string to, string kind, string subject, string greeting, string[] lines, string? link, string? linkText, string footer)
    {
        var text = string.Join("\n\n", [greeting, .. lines, .. link is null ? Array.Empty<string>() : [link], footer]) + "\n";
        var h = HtmlEncoder.Default;
        var html = "<!doctype html><html><body style=\"font-family:sans-serif\">"
            + $"<p>{h.Encode(greeting)}</p>"
            + string.Concat(lines.Select(l => $"<p>{h.Encode(l)}</p>"))
            + (link is null ? "" : $"<p><a href=\"{h.Encode(link)}\">{h.Encode(linkText!)}</a></p><p>{h.Encode(link)}</p>")
            + $"<p>{h.Encode(footer)}</p></body></html>";
        return new OutgoingMail(to, subject, text, html, kind);
    }
}
