using System.Collections.Concurrent;

namespace Parley.Server.Infrastructure;

/// <summary>
/// Answers kept for a fixed lifetime: the store behind the send path's caches (<see cref="Rooms.MembershipCache"/>,
/// <see cref="Friends.DmSendCache"/>). Expired entries are swept now and then as new ones are set, not on every set.
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

    public void Set(TKey key, TValue value)
    {
        var now = clock.GetTimestamp();
        _entries[key] = (value, now + (long)(lifetime.TotalSeconds * clock.TimestampFrequency));
        if ((Interlocked.Increment(ref _sets) & 1023) == 0)
            foreach (var (k, e) in _entries)
                if (e.Until <= now) _entries.TryRemove(k, out _);
    }

    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    public void RemoveWhere(Func<TKey, bool> match)
    {
        foreach (var key in _entries.Keys)
            if (match(key)) _entries.TryRemove(key, out _);
    }

    public void Clear() => _entries.Clear();
}
