namespace Parley.Server.Calls;

public static class CallsSetup
{
    public static void AddParleyCalls(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CallsOptions>().BindConfiguration("Parley:Calls").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TurnCredentials>();
        builder.Services.AddSingleton<CallConnections>();
        builder.Services.AddSingleton<CallPush>();
        builder.Services.AddScoped<CallChanges>();
        builder.Services.AddScoped<CallService>();
        builder.Services.AddScoped<CallDepartures>();
        builder.Services.AddScoped<CallSignals>();
        // The media server: Janus's HTTP API (its long polls set their own deadlines, so no client-wide timeout).
        builder.Services.AddHttpClient(JanusClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<JanusClient>();
        builder.Services.AddSingleton<SfuRooms>();
        builder.Services.AddSingleton<SfuParticipants>();
        builder.Services.AddScoped<SfuSignals>();
        builder.Services.AddSingleton<RingSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RingSweeper>());
    }
}
