using System.Collections.Concurrent;

namespace Parley.Server.Calls;

/// <summary>
/// This node's hub connections that joined a call: a closing connection costs a query (to mark its participant
/// reconnecting) only when it is one of these, not every disconnect of the node.
/// </summary>
public sealed class CallConnections
{
    private readonly ConcurrentDictionary<string, byte> _ids = new();

    public void Add(string connectionId) => _ids.TryAdd(connectionId, 0);

    /// <summary>True if the connection had joined a call here.</summary>
    public bool Remove(string connectionId) => _ids.TryRemove(connectionId, out _);
}
