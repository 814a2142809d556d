namespace Parley.Server.Cluster;

/// <summary>Parley:Redis. Set, several nodes work together on one PostgreSQL and this Redis; unset (the default), one process.</summary>
public sealed class ClusterOptions
{
    /// <summary>A StackExchange.Redis configuration string, e.g. "127.0.0.1:6379" or "redis.internal:6379,password=…".</summary>
    public string Configuration { get; set; } = "";

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
