using System.Diagnostics;
using Parley.Bench.Measure;

namespace Parley.Bench.Clients;

/// <summary>
/// What one connection saw: per room, the last seq (gaps and repeats counted), and deliveries with their latency
/// (the send time travels inside the message text as a Stopwatch timestamp).
/// </summary>
public sealed class Receiver(LatencyHistogram latency)
{
    private readonly Dictionary<int, long> _lastSeq = [];
    public long Delivered, Gaps, Duplicates;
    public volatile bool Measuring;
    public long MeasuredDeliveries;

    /// <summary>Called from the connection's receive loop only (one thread at a time).</summary>
    public void Message(int room, long seq, long sentTimestamp)
    {
        if (_lastSeq.TryGetValue(room, out var last))
        {
            if (seq <= last) { Duplicates++; return; }
            if (seq != last + 1) Gaps += seq - last - 1;
        }
        _lastSeq[room] = seq;
        if (sentTimestamp <= 0) return; // a system line ("bob joined"), not a timed message
        Delivered++;
        if (!Measuring) return;
        MeasuredDeliveries++;
        latency.RecordTicks(Stopwatch.GetTimestamp() - sentTimestamp);
    }

    public long LastSeq(int room) => _lastSeq.GetValueOrDefault(room);
}
