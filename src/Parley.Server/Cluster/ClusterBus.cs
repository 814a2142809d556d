using System.Collections.Concurrent;
using System.Text.Json;

namespace Parley.Server.Cluster;

/// <summary>
/// Tells every node of a change that acts on each node's own state: its connections (moving a user's connections in
/// or out of a room's group, ending sessions) and its caches. Hub traffic never goes this way: broadcasts go through
/// the SignalR backplane. One node alone (<see cref="InProcessClusterBus"/>) and several (<see cref="RedisClusterBus"/>)
/// take the same path: a service publishes, and the handlers registered with <see cref="On{T}"/> run on every node.
/// </summary>
public abstract class ClusterBus(ILogger log)
{
    private sealed record Registration(Type Type, List<Func<object, Task>> Handlers);

    private readonly ConcurrentDictionary<string, Registration> _handlers = new();

    /// <summary>
    /// Runs the message's handlers here, then on every other node, and returns once each node has run them (or a
    /// short wait ran out). A handler that fails here fails the call, after the other nodes were told.
    /// </summary>
    public abstract Task PublishAsync<T>(T message) where T : class;

    /// <summary>What this node does with a message of this type, whichever node published it.</summary>
    public void On<T>(Func<T, Task> handler) where T : class
    {
        var registration = _handlers.GetOrAdd(Kind(typeof(T)), _ => new Registration(typeof(T), []));
        lock (registration.Handlers) registration.Handlers.Add(m => handler((T)m));
    }

    protected static string Kind(Type type) => type.FullName!;

    protected async Task RunHereAsync(object message)
    {
        if (!_handlers.TryGetValue(Kind(message.GetType()), out var registration)) return;
        List<Func<object, Task>> handlers;
        lock (registration.Handlers) handlers = [.. registration.Handlers];
        foreach (var handler in handlers) await handler(message);
    }

    /// <summary>A message from another node; a node with no handler for it (nothing cached, no connection) has nothing to do.</summary>
    protected async Task RunFromElsewhereAsync(string kind, JsonElement payload)
    {
        if (!_handlers.TryGetValue(kind, out var registration)) return;
        try { await RunHereAsync(payload.Deserialize(registration.Type, JsonSerializerOptions.Web)!); }
        catch (Exception e) { log.LogWarning(e, "A cluster message ({Kind}) failed on this node", kind); }
    }
}

/// <summary>One node: the handlers run here, and that is every node.</summary>
public sealed class InProcessClusterBus(ILogger<InProcessClusterBus> log) : ClusterBus(log)
{
    public override Task PublishAsync<T>(T message) => RunHereAsync(message);
}

/// <summary>
/// Sent by a node whose link to Redis came back: what was published meanwhile (by it, or to it) may be lost, so every
/// node re-reads what such messages would have changed: group memberships and sessions from the database, caches dropped.
/// </summary>
public sealed record ClusterResync;
