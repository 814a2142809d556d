using Parley.Bench.Clients;
using Parley.Bench.Measure;

namespace Parley.Bench.Targets;

/// <summary>The Socket.IO peer (bench/peers/socketio): no accounts, rooms joined with an ack after connecting.</summary>
public sealed class SocketIoTarget(Uri baseUri, ProcessStats? server) : Target(baseUri, server)
{
    public override string Name => "socketio";

    public override Task<Member[]> CreateMembersAsync(int count, CancellationToken ct) =>
        Task.FromResult(Enumerable.Range(0, count).Select(i => new Member(i, Guid.Empty, null)).ToArray());

    public override Task CreateRoomsAsync(IReadOnlyList<Member[]> rooms, CancellationToken ct, bool pairsAreDms = false) => Task.CompletedTask;

    public override async Task<IChatConnection> ConnectAsync(Member member, IReadOnlyList<int> rooms, Receiver receiver, int connection, CancellationToken ct)
    {
        var client = new SocketIoClient(receiver);
        try
        {
            await client.ConnectAsync(NodeFor(connection), InvokerFor(connection), ct);
            foreach (var room in rooms) await client.JoinAsync(room);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}
