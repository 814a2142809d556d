using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Parley.Server.Infrastructure;

public sealed class NodeLogFormatterOptions : ConsoleFormatterOptions;

/// <summary>
/// The console log format: one line per entry, each line (an exception's too) starting with the node's name, so the
/// logs of several nodes can be merged and still read. <c>[node1:5081] info: Category[event] message</c>; Logging:Console:
/// FormatterOptions:TimestampFormat adds a time, IncludeScopes the scopes. Logging:Console:FormatterName chooses another format.
/// </summary>
public sealed class NodeLogFormatter(IOptionsMonitor<NodeLogFormatterOptions> options, NodeIdentity node) : ConsoleFormatter(FormatName)
{
    public const string FormatName = "parley";

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (string.IsNullOrEmpty(message) && entry.Exception is null) return;
        var o = options.CurrentValue;
        var prefix = "[" + node.Name + "] ";
        var line = new StringBuilder(prefix);
        if (o.TimestampFormat is { } format)
            line.Append((o.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now).ToString(format, CultureInfo.InvariantCulture));
        line.Append(Level(entry.LogLevel)).Append(": ").Append(entry.Category);
        if (entry.EventId.Id != 0) line.Append('[').Append(entry.EventId.Id).Append(']');
        if (o.IncludeScopes) scopeProvider?.ForEachScope((scope, sb) => sb.Append(" => ").Append(scope), line);
        line.Append(' ');
        // A message or exception of several lines: each line says whose it is.
        var text = entry.Exception is null ? message : message + Environment.NewLine + entry.Exception;
        foreach (var (part, i) in text.Split('\n').Select((p, i) => (p.TrimEnd('\r'), i)))
            (i == 0 ? line : line.Append(prefix).Append("      ")).Append(part).Append(Environment.NewLine);
        textWriter.Write(line.ToString());
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };
}
