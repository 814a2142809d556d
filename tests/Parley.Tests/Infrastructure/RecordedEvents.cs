using System.Text.Json;
using Parley.Server.Events;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The events a test client heard, in order, and waiting for one (both hub clients record through this). A
/// <c>MessagesCreated</c> frame is recorded as what it means, one <c>MessageCreated</c> per message in order, so tests
/// assert per message; <see cref="Frames"/> keeps the frames as they came.
/// </summary>
public abstract class RecordedEvents
{
    private readonly List<(string Target, JsonElement Arg)> _events = [];
    private readonly List<(string Target, JsonElement Arg)> _frames = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The events one frame stands for: a <c>MessagesCreated</c> is its messages' <c>MessageCreated</c> events, in order.</summary>
    public static IEnumerable<(string Target, JsonElement Arg)> Expand(string target, JsonElement arg) =>
        target == nameof(IChatClient.MessagesCreated) ? arg.EnumerateArray().Select(m => (nameof(IChatClient.MessageCreated), m)) : [(target, arg)];

    protected void Record(string target, JsonElement arg)
    {
        lock (_events)
        {
            _frames.Add((target, arg));
            _events.AddRange(Expand(target, arg));
        }
        Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public IReadOnlyList<JsonElement> Events(string target)
    {
        lock (_events) return _events.Where(e => e.Target == target).Select(e => e.Arg).ToList();
    }

    public IReadOnlyList<string> AllTargets()
    {
        lock (_events) return _events.Select(e => e.Target).ToList();
    }

    /// <summary>Every frame as the server sent it (a <c>MessagesCreated</c> not taken apart), in order.</summary>
    public IReadOnlyList<(string Target, JsonElement Arg)> Frames()
    {
        lock (_events) return [.. _frames];
    }

    /// <summary>Waits for an event (already received or arriving) matching the predicate.</summary>
    public async Task<JsonElement> WaitForAsync(string target, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        return await TryWaitForAsync(target, match, timeout ?? TimeSpan.FromSeconds(10))
               ?? throw new Xunit.Sdk.XunitException($"No {target} event arrived. Received: {string.Join(", ", AllTargets())}");
    }

    /// <summary>Null if nothing matching arrives within the time.</summary>
    public async Task<JsonElement?> TryWaitForAsync(string target, Func<JsonElement, bool>? match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var changed = _changed.Task;
            foreach (var e in Events(target))
                if (match is null || match(e)) return e;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            try { await changed.WaitAsync(left); }
            catch (TimeoutException) { return null; }
        }
    }
}
