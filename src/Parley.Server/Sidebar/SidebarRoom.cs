namespace Parley.Server.Sidebar;

/// <summary>
/// A conversation the user put in a section other than its default (favourites or a custom one). No row: the room sits
/// in its default, Rooms or Direct messages by its kind. The row hangs from the membership, so leaving (or being
/// removed) takes it away and a later join starts from the default again.
/// </summary>
public sealed class SidebarRoom
{
    public Guid UserId { get; set; }
    public Guid RoomId { get; set; }
    public Guid CategoryId { get; set; }
}
