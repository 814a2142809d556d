namespace Parley.Server.Saved;

/// <summary>A private bookmark: one user saved one message. Nobody else ever sees it.</summary>
public sealed class SavedMessage
{
    public Guid UserId { get; set; }
    public Guid MessageId { get; set; }
    /// <summary>The message's room, so the list can leave out rooms the user may no longer read without a join.</summary>
    public Guid RoomId { get; set; }
    public DateTime SavedAt { get; set; }
}
