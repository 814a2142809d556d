namespace Parley.Server.Notifications;

public static class PushSetup
{
    public static void AddParleyPush(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PushOptions>().BindConfiguration("Parley:Push").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<VapidKeyStore>();
        builder.Services.AddSingleton<PushDelivery>();
        builder.Services.AddSingleton<PushQueue>();
        builder.Services.AddScoped<PushSubscriptionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PushQueue>());
    }
}
