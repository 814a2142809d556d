using System.Net;
using Parley.Bench.Clients;
using Parley.Bench.Measure;

namespace Parley.Bench.Targets;

/// <summary>Someone in the workload: for Parley a registered user with an access token; for the peer just a number.</summary>
public sealed record Member(int Index, Guid Id, string? Token);

/// <summary>A server under test, driven through its public contract only.</summary>
public abstract class Target(Uri baseUri, ProcessStats? server)
{
    /// <summary>Where REST set-up goes: the first node.</summary>
    public Uri BaseUri { get; } = baseUri;
    public ProcessStats? Server { get; } = server;
    public abstract string Name { get; }

    /// <summary>
    /// The server's nodes (one unless it is a cluster). Connections take them in turn, so with two nodes half of every
    /// room's members are on each and every room's fan-out crosses nodes.
    /// </summary>
    public IReadOnlyList<Uri> Nodes { get; init; } = [baseUri];
    public Uri NodeFor(int connection) => Nodes[connection % Nodes.Count];

    /// <summary>The cluster's redis-server ("127.0.0.1:6391"), to read what it did during the measured window.</summary>
    public string? Redis { get; init; }

    /// <summary>The database server's processes, when it is a separate one (PostgreSQL): its CPU is shown, not summed in.</summary>
    public ProcessStats? Database { get; init; }

    /// <summary>Parley's metrics listener, when the run reads what the server reports of its own work (--metrics-url).</summary>
    public Uri? Metrics { get; init; }

    /// <summary>How many 127.0.0.x source addresses connections are spread over (ports run out near 28k per address).</summary>
    public int SourceAddresses { get; init; } = 1;
    private HttpMessageInvoker[]? _invokers;

    public HttpMessageInvoker InvokerFor(int connection)
    {
        _invokers ??= [.. Enumerable.Range(0, SourceAddresses).Select(i => WsClient.InvokerFrom(IPAddress.Parse($"127.0.0.{1 + i}")))];
        return _invokers[connection % _invokers.Length];
    }

    public abstract Task<Member[]> CreateMembersAsync(int count, CancellationToken ct);

    /// <summary>Makes rooms of these members (index = room number); with pairsAreDms, pairs become DMs where the server has them.</summary>
    public abstract Task CreateRoomsAsync(IReadOnlyList<Member[]> rooms, CancellationToken ct, bool pairsAreDms = false);

    /// <summary>Opens a connection for a member, in the given rooms.</summary>
    public abstract Task<IChatConnection> ConnectAsync(Member member, IReadOnlyList<int> rooms, Receiver receiver, int connection, CancellationToken ct);

    /// <summary>Keeps idle connections alive where the protocol needs the client to speak.</summary>
    public virtual Task KeepAliveAsync(IChatConnection connection) => Task.CompletedTask;
}
