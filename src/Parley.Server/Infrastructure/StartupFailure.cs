namespace Parley.Server.Infrastructure;

/// <summary>
/// Settings that can't work together, found while the app is built. Program.cs prints the message (one line: what is
/// wrong and which settings to change) instead of a stack trace, and exits with a non-zero status.
/// </summary>
public sealed class StartupFailure(string problem) : Exception($"Parley can't start: {problem}");
