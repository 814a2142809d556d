using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Parley.Server.Infrastructure;
using StackExchange.Redis;

namespace Parley.Server.Cluster;

public static class ClusterSetup
{
    /// <summary>
    /// With Parley:Redis:Configuration set: the SignalR Redis backplane (channel prefix "parley") and the cluster bus on
    /// one shared connection. Without it: one process, the bus in memory. Either way the same services run.
    /// </summary>
    public static void AddParleyCluster(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusterOptions>().BindConfiguration("Parley:Redis");
        builder.Services.AddSingleton<ThisNode>();
        var options = builder.Configuration.GetSection("Parley:Redis").Get<ClusterOptions>() ?? new ClusterOptions();
        if (!options.Enabled)
        {
            builder.Services.AddSingleton<ClusterBus, InProcessClusterBus>();
            return;
        }

        if ((builder.Configuration["Parley:Database:Provider"] ?? "sqlite") != "postgres")
            throw new StartupFailure("Parley:Redis:Configuration is set (several nodes), but the database is SQLite, which one process alone can use. " +
                                     "Set Parley:Database:Provider=postgres and ConnectionStrings:Parley (env Parley__Database__Provider, ConnectionStrings__Parley), or unset Parley:Redis:Configuration.");
        try { ConfigurationOptions.Parse(options.Configuration); }
        catch (ArgumentException e) { throw new StartupFailure($"Parley:Redis:Configuration is not a Redis configuration string ({e.Message.TrimEnd('.')})."); }

        // First of the hosted services: the others wait for its connection.
        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<RedisConnection>().MultiplexerAsync().GetAwaiter().GetResult());
        builder.Services.AddSingleton<RedisClusterBus>();
        builder.Services.AddSingleton<ClusterBus>(sp => sp.GetRequiredService<RedisClusterBus>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisClusterBus>());
        builder.Services.AddSignalR().AddStackExchangeRedis(o => o.Configuration.ChannelPrefix = RedisChannel.Literal("parley"));
        // The backplane takes the node's connection instead of opening its own.
        builder.Services.AddOptions<RedisOptions>().Configure<RedisConnection>((o, redis) => o.ConnectionFactory = _ => redis.MultiplexerAsync());
        // RedisConnection reports the loss and recovery of Redis once each; the backplane would log every failed
        // reconnect with a stack trace.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.StackExchangeRedis", LogLevel.Critical);
    }
}
