using System.Net.Mail;

namespace Parley.Server.Accounts;

/// <summary>What an e-mail address must look like.</summary>
public static class EmailRules
{
    public const int MaxEmail = 254;

    public static string? EmailProblem(string? email, bool required)
    {
        if (string.IsNullOrWhiteSpace(email)) return required ? "E-mail is required." : null;
        email = email.Trim();
        if (email.Length > MaxEmail) return $"E-mail must be at most {MaxEmail} characters.";
        if (email.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or ',' or ';' or '"')
            || email.Count(c => c == '@') != 1 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email
            || !parsed.Host.Contains('.') && parsed.Host != "localhost")
            return "E-mail must be an address such as name@example.org.";
        return null;
    }
}
