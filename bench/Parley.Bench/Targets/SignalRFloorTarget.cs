using Parley.Bench.Clients;
using Parley.Bench.Measure;

namespace Parley.Bench.Targets;

/// <summary>
/// The framework's floor (bench/peers/signalr-floor): SignalR on the same path and protocol, no accounts, nothing
/// stored. Idle and storm: an empty hub. Fan-out: the Socket.IO peer's work done on SignalR (rooms named in the
/// connection's query, SendMessage numbered and broadcast as MessageCreated, acknowledged): what Parley's stack costs
/// for a delivery before Parley stores, checks or batches anything.
/// </summary>
public sealed class SignalRFloorTarget(Uri baseUri, ProcessStats? server) : Target(baseUri, server)
{
    private readonly List<Guid> _rooms = [];
    private readonly Dictionary<Guid, int> _index = [];

    public override string Name => "signalr-floor";

    public override Task<Member[]> CreateMembersAsync(int count, CancellationToken ct) =>
        Task.FromResult(Enumerable.Range(0, count).Select(i => new Member(i, Guid.Empty, "none")).ToArray());

    public override Task CreateRoomsAsync(IReadOnlyList<Member[]> rooms, CancellationToken ct, bool pairsAreDms = false)
    {
        for (var i = _rooms.Count; i < rooms.Count; i++)
        {
            var id = Guid.NewGuid();
            _rooms.Add(id);
            _index[id] = i;
        }
        return Task.CompletedTask;
    }

    public override async Task<IChatConnection> ConnectAsync(Member member, IReadOnlyList<int> rooms, Receiver receiver, int connection, CancellationToken ct)
    {
        var credentials = "access_token=" + member.Token + (rooms.Count > 0 ? "&rooms=" + string.Join(',', rooms.Select(r => _rooms[r])) : "");
        return await SignalRClient.OpenAsync(NodeFor(connection), credentials, InvokerFor(connection), receiver,
            id => _index.TryGetValue(id, out var i) ? i : -1, i => _rooms[i], ct);
    }

    public override Task KeepAliveAsync(IChatConnection connection) => ((SignalRClient)connection).PingAsync();
}
