using System.Diagnostics;

namespace Parley.Bench.Measure;

/// <summary>
/// HDR-style latency histogram: buckets of about 1 % width from 1 µs to about 100 s, recorded lock-free
/// (Interlocked) from every receive loop. Percentiles are read from the bucket counts.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 64;           // per power of two: ~1.1 % resolution
    private const int Powers = 27;               // 2^27 µs ≈ 134 s
    private readonly long[] _counts = new long[SubBuckets * Powers];
    private long _max;
    private long _total;

    public long Count => Interlocked.Read(ref _total);

    /// <summary>Records a latency given as Stopwatch ticks.</summary>
    public void RecordTicks(long ticks)
    {
        var micros = ticks * 1_000_000 / Stopwatch.Frequency;
        if (micros < 1) micros = 1;
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _total);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, seen) != seen) { }
    }

    private static int Index(long micros)
    {
        var power = 63 - (int)long.LeadingZeroCount(micros);       // floor(log2)
        if (power < 6) return (int)micros;                          // below 64 µs: exact
        var sub = (int)((micros >> (power - 6)) & (SubBuckets - 1)); // next six bits
        var index = (power - 5) * SubBuckets + sub;
        return Math.Min(index, SubBuckets * Powers - 1);
    }

    private static long UpperBound(int index)
    {
        if (index < SubBuckets) return index;
        var power = index / SubBuckets + 5;
        var sub = index % SubBuckets;
        return ((long)(SubBuckets + sub + 1) << (power - 6)) - 1;
    }

    /// <summary>The latency in milliseconds below which <paramref name="percent"/> of the samples fall.</summary>
    public double PercentileMs(double percent)
    {
        var total = Count;
        if (total == 0) return 0;
        var rank = (long)Math.Ceiling(total * percent / 100.0);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return Math.Min(UpperBound(i), MaxMicros) / 1000.0;
        }
        return MaxMs;
    }

    private long MaxMicros => Interlocked.Read(ref _max);
    public double MaxMs => MaxMicros / 1000.0;

    public void Reset()
    {
        Array.Clear(_counts);
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _max, 0);
    }
}
