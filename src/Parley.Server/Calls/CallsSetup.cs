namespace Parley.Server.Calls;

public static class CallsSetup
{
    public static void AddParleyCalls(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CallsOptions>().BindConfiguration("Parley:Calls").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TurnCredentials>();
        builder.Services.AddSingleton<CallConnections>();
        builder.Services.AddSingleton<CallPush>();
        builder.Services.AddScoped<CallService>();
        builder.Services.AddScoped<CallSignals>();
        builder.Services.AddSingleton<RingSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RingSweeper>());
    }
}
