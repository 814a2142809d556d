namespace Parley.Server.Presence;

public static class PresenceSetup
{
    public static void AddParleyPresence(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PresenceOptions>().BindConfiguration("Parley:Presence").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PresenceTracker>();
        builder.Services.AddHostedService<StatusExpirySweeper>();
    }
}
