using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Rooms;

namespace Parley.Server.Search;

/// <summary>
/// PostgreSQL: messages.search_words, a tsvector ('simple', folded by parley_search_fold) generated from the text
/// with a GIN index, for whole words, prefixes and relevance; a pg_trgm GIN index on the folded text for text
/// anywhere. Both cover only readable messages (kind 0, not deleted): the conditions below repeat that predicate.
/// </summary>
public sealed class PostgresMessageSearch(ParleyDb db, PostgresSearchStatistics statistics) : MessageSearchSql(db)
{
    /// <summary>How many of the newest messages the first, time-ordered look at a search reads.</summary>
    public const int Window = 10_000;

    /// <summary>Up to this many rooms to read, the first look walks each room's newest messages (one index scan a room).</summary>
    public const int WalkedRooms = 64;

    /// <summary>
    /// How many of the reader's newest messages the walk reads when the word statistics can't tell how common the
    /// terms are. Every one of them is matched against the text (all are readable), so a rare term that misses costs
    /// the whole walk before the indexes answer it: 2,500 for words and substrings, whose GIN answer is cheap unless
    /// the term is common enough to be found within them; 10,000 for a quoted phrase, whose GIN answer is dear when its
    /// words are common even if the phrase is not (docs/benchmarks.md). Relevance reads up to 1,000 matches, so it
    /// keeps the server-wide look.
    /// </summary>
    private static int WalkWindow(MessageFilter f) => HasPhrase(f) ? Window : 2_500;

    private static bool HasPhrase(MessageFilter f) =>
        f.Terms.Any(t => !t.Excluded && t.Kind == SearchTermKind.Phrase && TextFolding.Spaced(t.Text) && t.Text.Contains(' '));

    /// <summary>
    /// Below this many rows holding the terms, the word index alone finds them more cheaply than it and the room index
    /// together: every row it finds is read to check its room, 10–30 µs each on the benchmark's machine where rows
    /// come off the disk; for a reader of 50 rooms of 1,000 messages the rooms' bitmap took 20 ms.
    /// </summary>
    private const double FewRows = 500;

    /// <summary>Up to this share of messages holding its rarest word, the word index answers a phrase cheaply: it reads
    /// that word's entries and checks the rows holding all the words.</summary>
    private const double CheapWord = 0.02;

    /// <summary>
    /// How common the whole-word terms are (a phrase's words, or a word too short for trigrams), from the word
    /// statistics: Rarest, the least share of messages holding one of their words (PostgreSQL counts whole words; one
    /// it doesn't list is rarer than all it lists), bounds the share holding them all; Together guesses that share as
    /// if words fell independently (the words of a phrase also stand in order, so it holds fewer still). Null where
    /// there is no such term: text inside words and prefixes are held by rare words too, which the statistics don't
    /// list, so they bound nothing (measured: guessing from the listed words made those searches slower). Rows is
    /// Together in rows of the table.
    /// </summary>
    private sealed record Estimate(double Rarest, double Together, double Rows);

    private static Estimate? Estimated(MessageFilter f, WordShares s)
    {
        Estimate? e = null;
        foreach (var t in f.Terms)
            if (!t.Excluded && t.Kind != SearchTermKind.Prefix && IndexFor(t) == TermIndex.Words && TextFolding.Words(t.Text) is { Count: > 0 } words)
            {
                var shares = words.Select(s.Word).ToList();
                var together = shares.Aggregate(e?.Together ?? 1, (product, share) => product * share);
                e = new Estimate(Math.Min(e?.Rarest ?? 1, shares.Min()), together, together * s.Messages);
            }
        return e;
    }

    /// <summary>
    /// Whether the walk is better skipped: even the longest would likely not hold a page of matches (two pages'
    /// worth expected are wanted), and the word index reads few entries for them.
    /// </summary>
    private static bool Rare(MessageFilter f, Estimate? e) =>
        e is not null && e.Together * Window < 2.0 * f.Take && e.Rarest <= CheapWord;

    /// <summary>
    /// A GIN index can't give its matches newest first, so a common word would collect hundreds of thousands of
    /// matches before sorting. First the newest messages (before the cursor and any before: date) are read in time
    /// order and the search stops if they fill the page: every match outside them is older. Otherwise the term is
    /// rare among them, and the indexes find all its matches (behind OFFSET 0, so the planner can't walk the time
    /// index instead on a guess of how common the term is), newest first. Where PostgreSQL's word counts show a term
    /// rare for sure, the walk is skipped (<see cref="PostgresSearchStatistics"/>).
    /// </summary>
    public override async Task<IReadOnlyList<SearchHit>> FindAsync(MessageFilter f, CancellationToken ct = default)
    {
        var rooms = f.ByRelevance ? null : await RoomsToWalkAsync(f, ct);
        var read = f.ByRelevance ? null : await statistics.GetAsync(Db, ct);
        var estimate = rooms is null || read?.Words is null ? null : Estimated(f, read.Words);
        var rare = Rare(f, estimate);
        // The word index answers at once, alone if it finds few rows.
        var q = Compose(f, byRoomIndex: !(rare && estimate is { Rows: < FewRows }));
        if (!q.Indexed) return await RunAsync(q, q.From, ct);
        var window = rooms is null ? Window : WalkWindow(f);
        if (!rare && !Seldom(f, read?.Recent, rooms, window))
        {
            var newest = rooms is null ? await RunAsync(q, NewestOfAll(q), ct) : await WalkAsync(q, rooms, window, ct);
            if (newest.Count >= f.Take) return newest;
        }
        return await RunAsync(q, $"(SELECT m.* FROM messages m JOIN rooms r ON r.id = m.room_id WHERE {q.Where} OFFSET 0) m", ct);
    }

    /// <summary>Below this many kept messages (a new server's), the newest messages tell too little to skip a walk by.</summary>
    private const int FewKept = 1_000;

    /// <summary>
    /// Whether the terms turn up so seldom among the newest messages (<see cref="RecentText"/>) that the walk's rows
    /// would likely hold under half a page of matches: then the walk is skipped, since a walk that misses reads its
    /// whole window (2,500 rows, 15 ms on the benchmark's machine) before the indexes answer anyway. Among the
    /// reader's own rooms' messages too, where the sample holds any, so a term their rooms use often is walked for.
    /// A term that holds its match across a line break or punctuation (a phrase) counts here as not turning up:
    /// the guess errs towards the indexes, which find every match either way. A search before a date walks as
    /// before: what people write now says nothing of what they wrote then.
    /// </summary>
    private static bool Seldom(MessageFilter f, RecentText? recent, List<Guid>? rooms, int window)
    {
        if (recent is null || recent.Count < FewKept || f.Until is not null) return false;
        var terms = f.Terms.Where(t => !t.Excluded).Select(t => t.Text).ToList();
        if (terms.Count == 0) return false;
        double half = f.Take / 2.0;
        var (holding, of) = recent.Holding(terms);
        if (holding * window >= half * of) return false;
        if (rooms is null) return true;
        (holding, of) = recent.Holding(terms, rooms.ToHashSet());
        return of == 0 || holding * window < half * of;
    }

    /// <summary>The newest messages of the whole server: for a reader of many rooms, a good share of them are theirs.</summary>
    private static string NewestOfAll(Composed q) =>
        $"(SELECT * FROM messages m {(q.UpperBound.Length > 0 ? "WHERE " + q.UpperBound : "")} ORDER BY m.created_at DESC, m.id DESC LIMIT {Window}) m";

    /// <summary>
    /// The rooms whose messages the reader may read (the in: rooms if named), when few enough to walk one by one;
    /// null otherwise. A superset is harmless: the statement's own permission test stays exact.
    /// </summary>
    private async Task<List<Guid>?> RoomsToWalkAsync(MessageFilter f, CancellationToken ct)
    {
        if (f.Rooms.Count > 0) return f.Rooms.Count <= WalkedRooms ? [.. f.Rooms] : null;
        var rooms = await Db.RoomMembers.AsNoTracking().Where(m => m.UserId == f.Me).Select(m => m.RoomId)
            .OrderBy(r => r).Take(WalkedRooms + 1).ToListAsync(ct);
        if (f.MayReadPublicRooms)
            rooms.AddRange(await Db.Rooms.AsNoTracking().Where(r => r.Kind == RoomKind.Public && !rooms.Contains(r.Id))
                .Select(r => r.Id).OrderBy(r => r).Take(WalkedRooms + 1 - rooms.Count).ToListAsync(ct));
        return rooms.Count <= WalkedRooms ? rooms : null;
    }

    /// <summary>
    /// The reader's rooms' newest messages, each room read newest first on ix_messages_room_id_created_at and merged
    /// (a Merge Append that stops once the page is full): a word common enough to fill a page costs the rows up to
    /// its 20th match, not every message holding it. Sorting is switched off for the statement: on a guess of rows
    /// per room the planner would rather sort each room's rows than read them in index order.
    /// </summary>
    private async Task<IReadOnlyList<SearchHit>> WalkAsync(Composed q, List<Guid> rooms, int window, CancellationToken ct)
    {
        if (rooms.Count == 0) return [];
        var bounds = string.Join("", new[] { q.LowerBound, q.UpperBound }.Where(b => b.Length > 0).Select(b => " AND " + b));
        var args = q.Args.Copy(); // the rooms' arguments are this statement's only
        var each = rooms.Select(r => $"(SELECT * FROM messages m WHERE m.room_id = {args.Add(r)}{bounds} ORDER BY m.created_at DESC, m.id DESC)");
        var from = $"(SELECT * FROM ({string.Join(" UNION ALL ", each)}) m ORDER BY m.created_at DESC, m.id DESC LIMIT {window}) m";
        await using var tx = await Db.Database.BeginTransactionAsync(ct);
        await Db.Database.ExecuteSqlRawAsync("SET LOCAL enable_sort = off; SET LOCAL max_parallel_workers_per_gather = 0", ct);
        var hits = await RunAsync(q with { Args = args }, from, ct);
        await tx.CommitAsync(ct);
        return hits;
    }
    protected override string Contains(string term, Args a) =>
        $"parley_search_fold(m.text) LIKE parley_search_fold({a.Add(LikeAnywhere(term))}) ESCAPE '\\'";

    protected override string WholeWords(string term, Args a) =>
        $"m.search_words @@ phraseto_tsquery('simple', parley_search_fold({a.Add(term)}))";

    protected override string Scan(string term, Args a) => Contains(term, a);

    protected override string Prefix(IReadOnlyList<string> words, Args a) =>
        $"m.search_words @@ to_tsquery('simple', {a.Add(string.Join(" <-> ", words.Select(Quoted)) + ":*")})";

    // An array of rooms lets a bitmap of the room index be ANDed with the GIN index's (IN (…) is a join instead).
    protected override string InRooms(string rooms) => $"m.room_id = ANY(ARRAY({rooms}))";

    // ARRAY(…) is computed once: as IN (…) the planner may run the window again for every candidate row.
    protected override string InWindow(string rooms) =>
        $"m.id = ANY(ARRAY(SELECT w.id FROM messages w WHERE w.room_id IN ({rooms}) ORDER BY w.created_at DESC, w.id DESC LIMIT {ScanWindow}))";

    private static string Quoted(string word) => "'" + word.Replace("'", "''").Replace("\\", "\\\\") + "'";
}
