namespace Parley.Bench.Clients;

/// <summary>Calls waiting for the server's answer (SignalR completions, Socket.IO acks), by id.</summary>
public sealed class PendingCalls
{
    private readonly Dictionary<long, TaskCompletionSource> _pending = [];
    private long _next;

    public (long Id, Task Answer) Start()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            var id = ++_next;
            _pending[id] = tcs;
            return (id, tcs.Task);
        }
    }

    /// <summary>Answers a call: null error for success.</summary>
    public void Complete(long id, string? error)
    {
        TaskCompletionSource? tcs;
        lock (_pending) _pending.Remove(id, out tcs);
        if (error is null) tcs?.TrySetResult(); else tcs?.TrySetException(new ServerRefused(error));
    }

    public void FailAll(string reason)
    {
        List<TaskCompletionSource> all;
        lock (_pending) { all = [.. _pending.Values]; _pending.Clear(); }
        foreach (var t in all) t.TrySetException(new ServerRefused(reason));
    }
}
