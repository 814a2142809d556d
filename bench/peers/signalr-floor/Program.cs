using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;

// An empty SignalR hub on the path and protocol Parley's clients use; each connection joins one group, as a member
// of one room does. Only for `./bench.sh` (idle memory and the connect storm).
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
builder.Services.AddSignalR(h =>
{
    h.KeepAliveInterval = TimeSpan.FromSeconds(15);
    h.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
});
var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.MapHub<FloorHub>("/hubs/chat", h => h.Transports = HttpTransportType.WebSockets);
app.Run();

internal sealed class FloorHub : Hub
{
    public override Task OnConnectedAsync() => Groups.AddToGroupAsync(Context.ConnectionId, "room");
}
