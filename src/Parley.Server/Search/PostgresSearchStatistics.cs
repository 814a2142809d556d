using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Search;

/// <summary>
/// How common terms are among the messages, read again every ten minutes: whole words from PostgreSQL's own statistics
/// of messages.search_words (ANALYZE keeps its most common words, about a thousand, and the share of messages holding
/// each), and text anywhere from the newest messages themselves (<see cref="RecentText"/>). A search uses them to choose
/// its way in (<see cref="PostgresMessageSearch"/>): walking the newest messages pays for a common term, asking the
/// index for a rare one. A guess only: it never changes what a search finds.
/// </summary>
public sealed class PostgresSearchStatistics(TimeProvider clock, ILogger<PostgresSearchStatistics> log)
{
    private static readonly TimeSpan Life = TimeSpan.FromMinutes(10);

    private volatile SearchStatistics? _read;
    private long _readAt; // a timestamp of the clock's; 0 before the first read
    private int _reading;

    /// <summary>The statistics, read first if they are older than ten minutes; null before the first read.</summary>
    public async ValueTask<SearchStatistics?> GetAsync(ParleyDb db, CancellationToken ct)
    {
        var now = clock.GetTimestamp();
        // One search reads them again; the others go on with what was read before (at first: nothing).
        var readAt = Interlocked.Read(ref _readAt);
        if ((readAt == 0 || clock.GetElapsedTime(readAt, now) >= Life) && Interlocked.Exchange(ref _reading, 1) == 0)
        {
            try
            {
                _read = new SearchStatistics(await ReadWordsAsync(db, ct), await RecentText.ReadAsync(db, ct));
                Interlocked.Exchange(ref _readAt, now);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Search word statistics not read; searches go on without them");
                Interlocked.Exchange(ref _readAt, now);
            }
            finally { Volatile.Write(ref _reading, 0); }
        }
        return _read;
    }

    /// <summary>Null where ANALYZE hasn't run yet.</summary>
    private static async Task<WordShares?> ReadWordsAsync(ParleyDb db, CancellationToken ct)
    {
        var row = await db.Database.SqlQueryRaw<Row>("""
            SELECT s.most_common_elems::text::text[] AS "Words", s.most_common_elem_freqs AS "Shares", c.reltuples::float8 AS "Messages"
            FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename AND c.relnamespace = to_regnamespace(s.schemaname)
            WHERE s.schemaname = current_schema() AND s.tablename = 'messages' AND s.attname = 'search_words'
            """).ToListAsync(ct);
        if (row is not [{ Words: { Length: > 0 } words, Shares: { } shares, Messages: > 0 } only] || shares.Length < words.Length + 1) return null;
        // After each word's share come the least and the most of them: a word not listed is held by fewer than the least.
        return new WordShares(words, shares[..words.Length], shares[words.Length], only.Messages);
    }

    private sealed record Row(string[]? Words, float[]? Shares, double Messages);
}

/// <summary>Words: null where ANALYZE hasn't run yet.</summary>
public sealed record SearchStatistics(WordShares? Words, RecentText Recent);

/// <summary>
/// The most common words (folded, as the index holds them) and the share of messages holding each; floor is the
/// least share listed (a word not listed is rarer); Messages how many the table holds, as last counted.
/// </summary>
public sealed class WordShares(string[] words, float[] shares, float floor, double messages)
{
    private readonly Dictionary<string, float> _byWord = words.Zip(shares).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);

    public double Messages => messages;

    /// <summary>The share of messages holding this whole word (at most the floor if it isn't listed).</summary>
    public double Word(string word) => _byWord.TryGetValue(word, out var share) ? share : floor;
}
