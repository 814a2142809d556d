using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using Parley.Server.Accounts;
using Parley.Server.Infrastructure;

namespace Parley.Server.Realtime;

public static class RealtimeSetup
{
    public static void AddParleyRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RealtimeOptions>().BindConfiguration("Parley:Hub").ValidateDataAnnotations().ValidateOnStart();
        var o = builder.Configuration.GetSection("Parley:Hub").Get<RealtimeOptions>() ?? new RealtimeOptions();
        builder.Services.AddSignalR(h =>
        {
            h.EnableDetailedErrors = false;
            h.MaximumReceiveMessageSize = o.MaxMessageBytes;
            h.KeepAliveInterval = TimeSpan.FromSeconds(o.KeepAliveSeconds);
            h.ClientTimeoutInterval = TimeSpan.FromSeconds(o.ClientTimeoutSeconds);
            h.MaximumParallelInvocationsPerClient = 1;
            h.AddFilter<ChatHubFilter>();
        });
        // Registered after SignalR's own JSON protocol, so it replaces it (the last of a name wins).
        builder.Services.AddSingleton<IHubProtocol>(sp =>
            new RefusingHubProtocol(new JsonHubProtocol(sp.GetRequiredService<IOptions<JsonHubProtocolOptions>>())));
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<GracefulShutdown>();
        builder.Services.AddSingleton<MemoryRelease>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MemoryRelease>());
        builder.Services.AddSingleton<ChatGroups>();
        builder.Services.AddSingleton<Events.IChatAudience>(sp => sp.GetRequiredService<ChatGroups>());
        builder.Services.AddSingleton<TypingTracker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TypingTracker>());
    }

    public static void MapChatHub(this WebApplication app)
    {
        var registry = app.Services.GetRequiredService<ConnectionRegistry>();
        app.Services.GetRequiredService<ParleyMetrics>().ObserveGauge("parley.hub.connections", () => registry.Count, "{connection}",
            "Hub connections open on this node.");
        var o = app.Configuration.GetSection("Parley:Hub").Get<RealtimeOptions>() ?? new RealtimeOptions();
        var options = new HttpConnectionDispatcherOptions
        {
            Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling,
            // No stateful reconnect: its replay buffer makes a write wait for the client's acknowledgement once full, so
            // one client that stopped reading held every broadcast. A dropped client catches up by rev (Sync) instead.
            AllowStatefulReconnects = false,
            // A bearer connection ends when its access token does; the client reconnects with a fresh one.
            CloseOnAuthenticationExpiration = true,
            ApplicationMaxBufferSize = o.MaxMessageBytes,
            // What may wait for the client before BoundedOutput drops it.
            TransportMaxBufferSize = o.MaxQueuedBytes,
        };
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<BoundedOutput>();
        // MapHub, with BoundedOutput between the hub and each connection's transport.
        app.MapConnections(AuthSetup.HubPath, options, c =>
        {
            c.Use(BoundedOutput.Middleware(o.MaxQueuedBytes, app.Services.GetRequiredService<ParleyMetrics>(), log));
            c.UseHub<ChatHub>();
        }).WithMetadata(new HubMetadata(typeof(ChatHub))).RequireAuthorization();
        // After MapConnections created SignalR's connection manager, so this stopping callback runs before its own.
        app.Services.GetRequiredService<GracefulShutdown>().Register(app.Lifetime);
    }
}
