using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;

// The framework's floor under Parley: SignalR on Kestrel, on the path, protocol and runtime settings Parley's clients
// use, with no sign-in and no database. Idle memory and the connect storm: each connection joins one group, as a
// member of one room does. Fan-out: what the Socket.IO peer does (bench/peers/socketio/server.js), on SignalR: a
// connection joins the rooms its query names (`rooms=<guid>,<guid>`), SendMessage numbers the message in its room,
// broadcasts it to the room's group as Parley's MessageCreated and acknowledges it, storing nothing. Only for
// `./bench.sh`: what Parley costs above this is its own.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
builder.Services.AddSignalR(h =>
{
    h.KeepAliveInterval = TimeSpan.FromSeconds(15);
    h.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
    h.MaximumParallelInvocationsPerClient = 1;
});
builder.Services.AddSingleton<RoomCounters>();
var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.MapHub<FloorHub>("/hubs/chat", h => h.Transports = HttpTransportType.WebSockets);
app.Run();

internal sealed record SendRequest(string? ClientMessageId, string? Text);

internal sealed record FloorMessage(Guid RoomId, long Seq, string SenderId, string? ClientMessageId, string? Text);

/// <summary>Each room's last seq, in memory (the peer's `room.seq`).</summary>
internal sealed class RoomCounters
{
    private readonly ConcurrentDictionary<Guid, StrongBox<long>> _rooms = new();

    public long Next(Guid room) => Interlocked.Increment(ref _rooms.GetOrAdd(room, _ => new StrongBox<long>()).Value);
}

internal sealed class FloorHub(RoomCounters counters) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var rooms = Context.GetHttpContext()?.Request.Query["rooms"].ToString();
        if (string.IsNullOrEmpty(rooms)) { await Groups.AddToGroupAsync(Context.ConnectionId, "room"); return; }
        foreach (var room in rooms.Split(',')) await Groups.AddToGroupAsync(Context.ConnectionId, room);
    }

    public async Task<FloorMessage> SendMessage(Guid roomId, SendRequest message)
    {
        var sent = new FloorMessage(roomId, counters.Next(roomId), Context.ConnectionId, message.ClientMessageId, message.Text);
        await Clients.Group(roomId.ToString()).SendAsync("MessageCreated", sent);
        return sent;
    }
}
