namespace Parley.Server.Messages;

/// <summary>
/// Bounds on unread and mention counts, so a member who never opened a room of ten million messages costs the same as one
/// who is nearly caught up: counting stops at <see cref="Cap"/> (badges show 99+ long before) and looks at no more than the
/// newest <see cref="Window"/> seqs of the room.
/// </summary>
public static class UnreadLimits
{
    public const int Cap = 1000;
    public const long Window = 10_000;
}
