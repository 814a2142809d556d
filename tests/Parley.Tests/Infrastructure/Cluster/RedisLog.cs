namespace Parley.Tests.Infrastructure.Cluster;

/// <summary>A node's log lines about its link to Redis.</summary>
public static class RedisLog
{
    /// <summary>Redis is back. Not just "is reachable again": the database's outage watch says that too, under load.</summary>
    public static bool Back(string line) => line.Contains("Redis at", StringComparison.Ordinal) && line.Contains("is reachable again", StringComparison.Ordinal);
}
