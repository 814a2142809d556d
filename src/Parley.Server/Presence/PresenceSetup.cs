using Parley.Server.Cluster;

namespace Parley.Server.Presence;

public static class PresenceSetup
{
    public static void AddParleyPresence(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PresenceOptions>().BindConfiguration("Parley:Presence").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PresenceTracker>();
        builder.Services.AddHostedService<StatusExpirySweeper>();
        if (builder.Configuration.GetSection("Parley:Redis").Get<ClusterOptions>()?.Enabled == true)
        {
            builder.Services.AddSingleton<RedisPresenceStore>();
            builder.Services.AddSingleton<IPresenceStore>(sp => sp.GetRequiredService<RedisPresenceStore>());
            builder.Services.AddHostedService<PresenceHeartbeat>();
        }
        else builder.Services.AddSingleton<IPresenceStore, LocalPresenceStore>();
    }
}
