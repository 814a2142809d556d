namespace Parley.Server.Presence;

/// <summary>
/// What a change did to someone's presence: the status to publish when it changed, whether no connection of theirs is
/// left anywhere (the grace period starts), or that their stored choice must be read first.
/// </summary>
public readonly record struct PresenceChange(string? Published, bool NoneLeft = false, bool NeedsChoice = false)
{
    public static readonly PresenceChange None = new(null);
}

/// <summary>
/// Who is connected, and the status everyone sees: kept in memory with one node (<see cref="LocalPresenceStore"/>),
/// in Redis across nodes (<see cref="RedisPresenceStore"/>). Each change computes the new status from every
/// connection of the person, on every node, and reports it when it differs from the one published.
/// </summary>
public interface IPresenceStore
{
    /// <summary>A connection opened. <paramref name="choice"/>: the stored choice, given once the store said it needs it.</summary>
    Task<PresenceChange> ConnectedAsync(Guid userId, string connectionId, string? choice);
    Task<PresenceChange> DisconnectedAsync(Guid userId, string connectionId);
    Task<PresenceChange> SetIdleAsync(Guid userId, string connectionId, bool idle);
    /// <summary>The person chose automatic (""), away or dnd; changes the status only while they are connected.</summary>
    Task<PresenceChange> SetChoiceAsync(Guid userId, string choice);
    /// <summary>Offline, if no connection opened anywhere since the last one closed at least <paramref name="grace"/> ago.</summary>
    Task<bool> ExpireAsync(Guid userId, TimeSpan grace);
    /// <summary>The published status of each (offline when unknown).</summary>
    Task<IReadOnlyDictionary<Guid, string>> StatusesAsync(IReadOnlyCollection<Guid> userIds);
    /// <summary>Of these, who had a connection open, anywhere, at some moment since then (push skips them: they saw it).</summary>
    Task<IReadOnlySet<Guid>> ConnectedSinceAsync(IReadOnlyCollection<Guid> userIds, DateTime since);
}
