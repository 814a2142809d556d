using System.Data.Common;
using System.Net.Sockets;

namespace Parley.Server.Data;

/// <summary>
/// The database can't be reached or used at start-up. The message is the one line an operator needs (Program.cs
/// prints it instead of a stack trace): what failed, and the settings to check.
/// </summary>
public sealed class DatabaseUnusableException(string message, Exception? inner = null) : Exception(message, inner)
{
    private const string Check =
        "Check ConnectionStrings:Parley (env ConnectionStrings__Parley) and Parley:Database:Provider (env Parley__Database__Provider).";

    public static DatabaseUnusableException Setting(string problem, Exception? inner = null) =>
        new($"Parley can't start: {problem} {Check}", inner);

    /// <summary>
    /// <paramref name="e"/> as one line when the database, or the file or network under it, failed; null for anything
    /// else (a fault in Parley itself keeps its stack trace).
    /// </summary>
    public static DatabaseUnusableException? From(Exception e, string database)
    {
        var chain = Chain(e).ToList();
        var cause = chain.FirstOrDefault(x => x is DbException or SocketException or IOException or UnauthorizedAccessException or TimeoutException);
        if (cause is null) return null;
        // Npgsql says "Failed to connect to host:port" and keeps the reason ("Connection refused") in an inner exception.
        var reason = FirstLine(cause.Message);
        var innermost = FirstLine(chain[^1].Message);
        if (!reason.Contains(innermost, StringComparison.Ordinal)) reason = $"{reason.TrimEnd('.')}: {innermost}";
        return Setting($"{database} can't be used: {reason.TrimEnd('.')}.", e);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }

    // PostgreSQL errors add a DETAIL paragraph after the first line.
    private static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
}
