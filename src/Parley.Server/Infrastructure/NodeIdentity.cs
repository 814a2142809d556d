using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Console;

namespace Parley.Server.Infrastructure;

/// <summary>Which node this is: several run behind one load balancer, and their logs and health answers must say whose they are.</summary>
public sealed record NodeIdentity(string Name)
{
    /// <summary>Parley:Node:Name, else the machine's name and the first listening port (the process id for a Unix socket or port 0).</summary>
    public static NodeIdentity From(IConfiguration config)
    {
        if (config.GetSection("Parley:Node").Get<NodeOptions>()?.Name is { Length: > 0 } name) return new(name.Trim());
        var first = config["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = first is null ? 0 : BindingAddress.Parse(first) is { IsUnixPipe: false } a ? a.Port : 0;
        return new($"{Environment.MachineName}:{(port > 0 ? port : Environment.ProcessId)}");
    }
}

public static class NodeSetup
{
    /// <summary>Registers the node's name and puts it on every console log line (unless another console format is chosen).</summary>
    public static void AddParleyNode(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(NodeIdentity.From(builder.Configuration));
        builder.Logging.AddConsoleFormatter<NodeLogFormatter, NodeLogFormatterOptions>();
        builder.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName ??= NodeLogFormatter.FormatName);
    }
}
