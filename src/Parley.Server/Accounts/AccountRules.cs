namespace Parley.Server.Accounts;

/// <summary>What names, passwords and free text must look like. Used by REST and the hub alike.</summary>
public static class AccountRules
{
    public const string UserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    public const int MinUserName = 3, MaxUserName = 32;
    public const int MinPasswordLength = 10, MaxPasswordLength = 256;
    public const int MaxDisplayName = 64, MaxStatusText = 140, MaxBio = 500;

    public static string? UserNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "User name is required.";
        if (name.Length is < MinUserName or > MaxUserName) return $"User name must be {MinUserName} to {MaxUserName} characters.";
        if (name.Any(c => !UserNameCharacters.Contains(c))) return "User name may contain only letters, digits, '.', '_' and '-'.";
        if (!char.IsAsciiLetterOrDigit(name[0])) return "User name must start with a letter or digit.";
        return null;
    }

    /// <summary>
    /// Length and variety, then how guessable it is (<see cref="PasswordStrength"/>, with the person's names as words an
    /// attacker would try first) below <paramref name="minScore"/> (0: not checked).
    /// </summary>
    public static string? PasswordProblem(string? password, string? userName, string? displayName, int minScore)
    {
        if (string.IsNullOrEmpty(password)) return "Password is required.";
        if (password.Length < MinPasswordLength) return $"Password must be at least {MinPasswordLength} characters.";
        if (password.Length > MaxPasswordLength) return $"Password must be at most {MaxPasswordLength} characters.";
        if (password.Distinct().Count() < 4) return "Password must use at least 4 different characters.";
        if (userName is not null && password.Contains(userName, StringComparison.OrdinalIgnoreCase)) return "Password must not contain the user name.";
        return minScore > 0 ? PasswordStrength.Check(password, minScore, userName, displayName).Problem : null;
    }

    /// <summary>
    /// Free single-line text (display name, status, room name, topic): no control or invisible direction characters,
    /// and something visible (empty clears an optional one; only invisible characters is refused either way).
    /// </summary>
    public static string? LineProblem(string? text, string what, int max, bool required)
    {
        if (string.IsNullOrWhiteSpace(text)) return required ? $"{what} is required." : null;
        if (text.Length > max) return $"{what} must be at most {max} characters.";
        if (!TextRules.IsWellFormed(text)) return $"{what} contains invalid characters.";
        foreach (var c in text)
        {
            if (char.IsControl(c)) return $"{what} must be a single line without control characters.";
            if (TextRules.IsDirectionOverride(c)) return $"{what} must not contain text-direction override characters.";
        }
        if (VisibleText.IsBlank(text)) return $"{what} must contain visible characters, not only invisible ones.";
        return null;
    }

    /// <summary>A few lines about oneself: plain text, newlines allowed.</summary>
    public static string? BioProblem(string bio)
    {
        if (bio.Length > MaxBio) return $"Bio must be at most {MaxBio} characters.";
        if (!TextRules.IsWellFormed(bio) || TextRules.HasForbiddenControl(bio) || bio.Any(TextRules.IsDirectionOverride))
            return "Bio contains control or text-direction override characters.";
        return null;
    }

    /// <summary>Empty (not shared) or an IANA time zone this server knows, such as Europe/Paris.</summary>
    public static string? TimeZoneProblem(string timeZone)
    {
        timeZone = timeZone.Trim();
        if (timeZone.Length == 0) return null;
        if (timeZone.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) || !zone.HasIanaId)
            return "Time zone must be an IANA time zone name such as Europe/Paris.";
        return null;
    }
}

/// <summary>Checks shared by every kind of user text.</summary>
public static class TextRules
{
    /// <summary>False for lone surrogates (text that is not valid Unicode).</summary>
    public static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(s[i])) return false;
        }
        return true;
    }

    /// <summary>Bidi embedding/override/isolate controls, used to disguise names ("RTL override").</summary>
    public static bool IsDirectionOverride(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>
    /// An identifier a client chose (a client message id): valid Unicode with nothing invisible in it — no control, format
    /// (U+200B, U+202E …) or line and paragraph separator characters.
    /// </summary>
    public static bool IsPrintableId(string s) => IsWellFormed(s) && !s.Any(c => char.IsControl(c)
        || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator);

    /// <summary>Message text: any printable text, tabs and newlines; no other control characters.</summary>
    public static bool HasForbiddenControl(string s)
    {
        foreach (var c in s)
            if (char.IsControl(c) && c is not ('\n' or '\t' or '\r')) return true;
        return false;
    }
}
