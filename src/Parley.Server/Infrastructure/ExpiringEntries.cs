using System.Collections.Concurrent;

namespace Parley.Server.Infrastructure;

/// <summary>
/// Answers kept for a fixed lifetime from their last set: the store behind the send path's caches
/// (<see cref="Rooms.MembershipCache"/>, <see cref="Friends.DmSendCache"/>) and the sign-in failure counts
/// (<see cref="Accounts.SignInThrottle"/>). Expired entries are swept now and then as new ones are set, not on every set.
/// </summary>
public sealed class ExpiringEntries<TKey, TValue>(TimeProvider clock, TimeSpan lifetime) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, long Until)> _entries = new();
    private int _sets;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var e) && e.Until > clock.GetTimestamp())
        {
            value = e.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>The value and how long it has left, if it hasn't expired.</summary>
    public bool TryGet(TKey key, out TValue value, out TimeSpan left)
    {
        var now = clock.GetTimestamp();
        if (_entries.TryGetValue(key, out var e) && e.Until > now)
        {
            (value, left) = (e.Value, clock.GetElapsedTime(now, e.Until));
            return true;
        }
        (value, left) = (default!, TimeSpan.Zero);
        return false;
    }

    public void Set(TKey key, TValue value) => Update(key, _ => value);

    /// <summary>Sets the key atomically from its live value (default when absent or expired); returns what was set.</summary>
    public TValue Update(TKey key, Func<TValue?, TValue> next)
    {
        var now = clock.GetTimestamp();
        var until = now + (long)(lifetime.TotalSeconds * clock.TimestampFrequency);
        var set = _entries.AddOrUpdate(key, (_, n) => (n(default), until), (_, old, n) => (n(old.Until > now ? old.Value : default), until), next);
        if ((Interlocked.Increment(ref _sets) & 1023) == 0)
            foreach (var (k, e) in _entries)
                if (e.Until <= now) _entries.TryRemove(k, out _);
        return set.Value;
    }

    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    public void RemoveWhere(Func<TKey, bool> match)
    {
        foreach (var key in _entries.Keys)
            if (match(key)) _entries.TryRemove(key, out _);
    }

    public void Clear() => _entries.Clear();
}
