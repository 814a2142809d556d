namespace Parley.Server.Search;

/// <summary>
/// The message index: one implementation per database (FTS5 on SQLite, tsvector and pg_trgm on PostgreSQL), the
/// same behaviour proven by one test suite. A search server, if a deployment ever outgrows these, goes behind this.
/// </summary>
public interface IMessageSearch
{
    /// <summary>Ids of the messages matching <paramref name="filter"/> that its user may read, in the order asked, at most filter.Take.</summary>
    Task<IReadOnlyList<SearchHit>> FindAsync(MessageFilter filter, CancellationToken ct = default);
}

public sealed record SearchHit(Guid MessageId, DateTime CreatedAt, double Score);

/// <summary>A parsed query with names resolved to ids and dates to UTC instants, plus who asks and where the page starts.</summary>
public sealed record MessageFilter(
    Guid Me,
    bool MayReadPublicRooms,
    DateTime Now,
    IReadOnlyList<SearchTerm> Terms,
    IReadOnlyList<Guid> Senders,
    IReadOnlyList<Guid> Rooms,
    DateTime? Since,
    DateTime? Until,
    IReadOnlySet<string> Has,
    bool IsMention,
    bool ByRelevance,
    SearchCursor? Cursor,
    int Take);

/// <summary>Where the next page starts: after (time, id) newest first, or after a number of results by relevance.</summary>
public sealed record SearchCursor(DateTime CreatedAt, Guid Id, int Offset);
