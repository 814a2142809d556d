namespace Parley.Server.Messages;

/// <summary>
/// One person named by a message (@name, or reached by @here/@room when it was sent): what the mention counts and
/// the mentions view read. Rewritten when the message is edited, removed with it.
/// </summary>
public sealed class Mention
{
    public Guid UserId { get; set; }
    public Guid MessageId { get; set; }
    public Guid RoomId { get; set; }
    public long Seq { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>@here (members online when it was sent) or @room (every member).</summary>
public enum Wildcard
{
    None = 0,
    Here = 1,
    Room = 2,
}
