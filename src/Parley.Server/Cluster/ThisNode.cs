namespace Parley.Server.Cluster;

/// <summary>
/// This process among the nodes: a fresh id each start, so a restarted node is a new one and whatever the old one
/// left in Redis is cleared by the others as a dead node's.
/// </summary>
public sealed class ThisNode
{
    public string Id { get; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..12]}";
}
