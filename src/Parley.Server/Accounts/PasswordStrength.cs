using Zxcvbn.Matcher;

namespace Parley.Server.Accounts;

/// <summary>
/// How hard a password is to guess, by zxcvbn (Dropbox's estimator: common-password, name and word lists, keyboard
/// patterns, sequences, repeats, dates, l33t): a score from 0 (guessed at once) to 4. The reason for a low score is
/// read from the pattern that makes it guessable, in zxcvbn's own feedback words (the .NET port gives no feedback).
/// </summary>
public static class PasswordStrength
{
    public const int MaxScore = 4;

    /// <summary>The score, and a sentence saying why when it is below <paramref name="minScore"/>.</summary>
    public static (int Score, string? Problem) Check(string password, int minScore, params string?[] userInputs)
    {
        var inputs = userInputs.Where(i => !string.IsNullOrWhiteSpace(i))
            .SelectMany(i => i!.Split([' ', '_', '-', '.'], StringSplitOptions.RemoveEmptyEntries).Append(i!))
            .Select(i => i.ToLowerInvariant()).Distinct().ToList();
        var result = Zxcvbn.Zxcvbn.MatchPassword(password, inputs);
        if (result.Score >= minScore) return (result.Score, null);
        return (result.Score, $"This password is too easy to guess. {Warning(result.MatchSequence, password)}Add a few more uncommon words; a short sentence is easy to remember.");
    }

    /// <summary>zxcvbn's warning for the longest guessable part (its feedback rules), or nothing in particular.</summary>
    private static string Warning(IList<Zxcvbn.Match> matches, string password)
    {
        var worst = matches.Where(m => m.Pattern != "bruteforce").MaxBy(m => m.Token.Length);
        return worst switch
        {
            DictionaryMatch d when d.DictionaryName == "passwords" && d.Token.Length == password.Length && d.Rank <= 10 => "This is a top-10 common password. ",
            DictionaryMatch d when d.DictionaryName == "passwords" && d.Token.Length == password.Length && d.Rank <= 100 => "This is a top-100 common password. ",
            DictionaryMatch d when d.DictionaryName == "passwords" && d.Token.Length == password.Length => "This is a very common password. ",
            DictionaryMatch d when d.DictionaryName == "passwords" => "This is similar to a commonly used password. ",
            DictionaryMatch d when d.DictionaryName == "user_inputs" => "It contains your name or user name. ",
            DictionaryMatch d when d.DictionaryName is "surnames" or "male_names" or "female_names" => "Names and surnames by themselves are easy to guess. ",
            DictionaryMatch => "A word by itself is easy to guess. ",
            SpatialMatch s when s.Turns == 1 => "Straight rows of keys are easy to guess. ",
            SpatialMatch => "Short keyboard patterns are easy to guess. ",
            RepeatMatch r when r.Token.Distinct().Count() == 1 => "Repeats like \"aaa\" are easy to guess. ",
            RepeatMatch => "Repeats like \"abcabcabc\" are only slightly harder to guess than \"abc\". ",
            SequenceMatch => "Sequences like abc or 6543 are easy to guess. ",
            DateMatch => "Dates are often easy to guess. ",
            { Pattern: "year" } or { Pattern: "recent_year" } => "Recent years are easy to guess. ",
            _ => "",
        };
    }
}
