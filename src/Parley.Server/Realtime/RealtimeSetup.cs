using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.Http.Connections;
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
            h.StatefulReconnectBufferSize = 100_000;
            h.AddFilter<ChatHubFilter>();
        });
        // Registered after SignalR's own JSON protocol, so it replaces it (the last of a name wins).
        builder.Services.AddSingleton<IHubProtocol>(sp =>
            new RefusingHubProtocol(new JsonHubProtocol(sp.GetRequiredService<IOptions<JsonHubProtocolOptions>>())));
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<ChatGroups>();
        builder.Services.AddSingleton<TypingTracker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TypingTracker>());
    }

    public static void MapChatHub(this WebApplication app)
    {
        var o = app.Configuration.GetSection("Parley:Hub").Get<RealtimeOptions>() ?? new RealtimeOptions();
        app.MapHub<ChatHub>(AuthSetup.HubPath, h =>
        {
            h.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
            h.AllowStatefulReconnects = true;
            // A bearer connection ends when its access token does; the client reconnects with a fresh one.
            h.CloseOnAuthenticationExpiration = true;
            h.ApplicationMaxBufferSize = o.MaxMessageBytes;
            h.TransportMaxBufferSize = o.MaxMessageBytes;
        }).RequireAuthorization();
    }
}
