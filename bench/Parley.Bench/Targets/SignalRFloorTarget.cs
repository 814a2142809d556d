using Parley.Bench.Clients;
using Parley.Bench.Measure;

namespace Parley.Bench.Targets;

/// <summary>
/// The framework's floor (bench/peers/signalr-floor): an empty SignalR hub on the same path and protocol, no accounts,
/// no rooms to create. Only idle and storm make sense against it: what Parley costs above this is Parley's own.
/// </summary>
public sealed class SignalRFloorTarget(Uri baseUri, ProcessStats? server) : Target(baseUri, server)
{
    public override string Name => "signalr-floor";

    public override Task<Member[]> CreateMembersAsync(int count, CancellationToken ct) =>
        Task.FromResult(Enumerable.Range(0, count).Select(i => new Member(i, Guid.Empty, "none")).ToArray());

    public override Task CreateRoomsAsync(IReadOnlyList<Member[]> rooms, CancellationToken ct, bool pairsAreDms = false) => Task.CompletedTask;

    public override async Task<IChatConnection> ConnectAsync(Member member, IReadOnlyList<int> rooms, Receiver receiver, int connection, CancellationToken ct) =>
        await SignalRClient.OpenAsync(NodeFor(connection), "access_token=" + member.Token, InvokerFor(connection), receiver, _ => -1, _ => Guid.Empty, ct);

    public override Task KeepAliveAsync(IChatConnection connection) => ((SignalRClient)connection).PingAsync();
}
