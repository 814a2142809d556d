using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Administration;
using Parley.Server.Calls;
using Parley.Server.Cluster;
using Parley.Server.Data;
using Parley.Server.Files;
using Parley.Server.Friends;
using Parley.Server.Health;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Moderation;
using Parley.Server.Notifications;
using Parley.Server.Polls;
using Parley.Server.Presence;
using Parley.Server.Previews;
using Parley.Server.Realtime;
using Parley.Server.Scheduling;
using Parley.Server.Search;
using Parley.Server.Rooms;
using Parley.Server.Settings;
using Parley.Server.Threads;

namespace Parley.Server;

/// <summary>Builds the whole app; Program.cs and the tests both start it from here.</summary>
public static class ParleyServer
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // No reload of appsettings on change: that watcher watches the whole content root, data/ included, so every
        // write to the database woke it. Settings are read at start.
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        // The request-start line carries the query string, where the hub's access_token travels: never log it,
        // whatever the configuration says. RequestLog writes its own line without the query.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // SignalR logs every refused call (empty text, rate limited …) as an error with a stack trace: anyone could
        // flood the log. Refusals are the client's business; ChatHubFilter logs the unexpected failures itself.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:5080");

        builder.AddParleyNode();
        builder.AddParleyMetrics();
        builder.AddParleyConnectionLimit();
        builder.AddParleyDatabase();
        builder.AddParleyAuth();
        Accounts.Passkeys.PasskeysApi.AddParleyPasskeys(builder);
        Email.EmailSetup.AddParleyEmail(builder);
        Accounts.SingleSignOn.SsoSetup.AddParleySso(builder);
        builder.AddParleyRateLimits();
        builder.AddParleyRealtime();
        builder.AddParleyCluster();
        builder.AddParleyFiles();
        builder.AddParleyPush();
        builder.AddParleyPresence();
        builder.AddParleyRoomModeration();
        builder.AddParleyAdministration();
        builder.AddParleySearch();
        builder.AddParleyCalls();
        builder.AddParleyPreviews();
        builder.AddParleyPolls();
        builder.AddParleyScheduling();
        builder.Services.AddOptions<MessagingOptions>().BindConfiguration("Parley:Messages").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<RoomAccess>();
        builder.Services.AddSingleton<MembershipCache>();
        builder.Services.AddSingleton<Friends.DmSendCache>();
        builder.Services.AddScoped<AccountService>();
        builder.Services.AddScoped<Accounts.TwoFactor.TwoFactorService>();
        builder.Services.AddSingleton<Accounts.TwoFactor.TwoFactorChallenges>();
        builder.Services.AddScoped<ProfileService>();
        builder.Services.AddScoped<RoomService>();
        builder.Services.AddScoped<MessageService>();
        builder.Services.AddScoped<MessageVersions>();
        builder.Services.AddScoped<HistoryAround>();
        builder.Services.AddScoped<Pins.PinService>();
        builder.Services.AddScoped<Saved.SavedService>();
        builder.Services.AddScoped<ThreadService>();
        builder.Services.AddScoped<CustomEmoji.CustomEmojiService>();
        builder.Services.AddScoped<Sidebar.SidebarService>();
        builder.Services.AddScoped<Friends.Blocking>();
        builder.Services.AddScoped<BlockService>();
        builder.Services.AddScoped<FriendService>();
        builder.Services.AddScoped<Settings.SettingsStore>();
        builder.Services.AddScoped<MentionResolver>();
        builder.Services.AddScoped<Moderation.ReportService>();
        builder.Services.AddSingleton<SendBatcher>();
        builder.Services.AddSingleton<IReadinessCheck, DatabaseReadiness>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SendBatcher>());
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.AddCodes);
        AnyAcceptProblemWriter.Register(builder.Services);
        // A body or parameter that doesn't bind reaches ParleyErrorHandler, which names the field (in every environment,
        // not only in Development, where this is the framework's default).
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ParleyErrorHandler>();
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.UseParleyMetrics();
        app.UseTrustedProxies();
        // Outside the error handler, so a request that failed is logged with the status it was answered (503, 413 …),
        // not the 200 it held when the exception passed.
        app.UseRequestLog();
        app.UseExceptionHandler();
        app.UseStatusCodePages(MalformedRequest.StatusCodePage);
        app.UseSecurityHeaders();
        app.UseWebClientFiles();
        app.UseOriginCheck();
        // SignalR adds its WebSocket middleware inside its endpoint; added here first, the hub's sockets pass
        // GracefulShutdown on their way, which keeps them to close properly (SignalR's own one sees ours and stands aside).
        app.UseWebSockets();
        app.Services.GetRequiredService<GracefulShutdown>().UseOn(app);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseHubConnectionCap();
        app.UseAuthorization();

        app.MapAccounts();
        Accounts.Passkeys.PasskeysApi.MapPasskeys(app);
        Accounts.TwoFactor.TwoFactorApi.MapTwoFactor(app);
        app.MapEmail();
        Accounts.SingleSignOn.SsoApi.MapSingleSignOn(app);
        app.MapSession();
        app.MapUserSessions();
        app.MapHubTickets();
        app.MapRooms();
        app.MapRoomModeration();
        app.MapMessages();
        app.MapParleyFiles();
        app.MapPush();
        app.MapPresence();
        app.MapFriends();
        app.MapBlocks();
        app.MapSettings();
        app.MapReadState();
        app.MapMentions();
        Pins.PinsApi.MapPins(app);
        Saved.SavedApi.MapSaved(app);
        app.MapThreads();
        app.MapPolls();
        CustomEmoji.CustomEmojiApi.MapCustomEmoji(app);
        app.MapScheduledMessages();
        Sidebar.SidebarApi.MapSidebar(app);
        app.MapSearch();
        app.MapCalls();
        app.MapPreviews();
        app.MapNotificationLevels();
        app.MapReports();
        app.MapAudit();
        app.MapAdministration();
        app.MapChatHub();
        app.MapOpenApi();
        app.MapHealth();
        app.MapWebClient();
        return app;
    }
}
