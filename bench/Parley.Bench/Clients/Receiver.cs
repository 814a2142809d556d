using System.Diagnostics;
using Parley.Bench.Measure;

namespace Parley.Bench.Clients;

/// <summary>
/// What one connection saw: per room, the seqs received (repeats counted; seqs arriving ahead of an earlier one
/// counted as reordered, and holes left at the end as gaps), and deliveries with their latency (the send time
/// travels inside the message text as a Stopwatch timestamp).
/// </summary>
public sealed class Receiver(LatencyHistogram latency)
{
    private sealed class Track(long first)
    {
        public readonly long First = first;
        public long Contiguous = first;   // every seq from the first seen up to this one has arrived
        public HashSet<long>? Ahead;      // arrived before an earlier seq
        public HashSet<long>? Early;      // older than the first seen, arriving after it (sent before, delivered late)
    }

    private readonly Dictionary<int, Track> _rooms = [];
    public long Delivered, Duplicates, Reordered;
    public volatile bool Measuring;
    public long MeasuredDeliveries;

    /// <summary>Something arrived in a room: the server has put this connection in its rooms' groups.</summary>
    public volatile bool HeardAny;

    /// <summary>Called from the connection's receive loop only (one thread at a time).</summary>
    public void Message(int room, long seq, long sentTimestamp)
    {
        HeardAny = true;
        if (!_rooms.TryGetValue(room, out var t)) _rooms[room] = new Track(seq);
        else if (seq < t.First)
        {
            if (!(t.Early ??= []).Add(seq)) { Duplicates++; return; }
            Reordered++;
        }
        else if (seq <= t.Contiguous || t.Ahead?.Contains(seq) == true) { Duplicates++; return; }
        else if (seq == t.Contiguous + 1)
        {
            t.Contiguous = seq;
            while (t.Ahead is { Count: > 0 } ahead && ahead.Remove(t.Contiguous + 1)) t.Contiguous++;
        }
        else
        {
            (t.Ahead ??= []).Add(seq);
            Reordered++;
        }
        if (sentTimestamp <= 0) return; // a system line ("bob joined"), not a timed message
        Delivered++;
        if (!Measuring) return;
        MeasuredDeliveries++;
        latency.RecordTicks(Stopwatch.GetTimestamp() - sentTimestamp);
    }

    /// <summary>Seqs still missing between the first and the last one received, per room, summed.</summary>
    public long Gaps => _rooms.Values.Sum(t => t.Ahead is { Count: > 0 } a ? a.Max() - t.Contiguous - a.Count : 0);
}
