namespace Parley.Server.Sidebar;

/// <summary>
/// One section of a user's sidebar. The three built-ins (favourites, rooms, direct) are made the first time the user's
/// layout is read and never deleted or renamed; custom ones are the user's own. Only their owner ever sees them.
/// </summary>
public sealed class SidebarCategory
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public SidebarCategoryKind Kind { get; set; }
    /// <summary>Custom sections only (1–40 characters); null for the built-ins, which the client names.</summary>
    public string? Name { get; set; }
    /// <summary>0 at the top; renumbered 0…n-1 on every change of order.</summary>
    public int Position { get; set; }
    public bool Collapsed { get; set; }
}

/// <summary>The stored numbers are the wire's order of a fresh layout: favourites, custom ones, rooms, direct messages.</summary>
public enum SidebarCategoryKind
{
    Favourites = 0,
    Rooms = 1,
    Direct = 2,
    Custom = 3,
}

public static class SidebarCategoryKinds
{
    public static string Wire(this SidebarCategoryKind kind) => kind switch
    {
        SidebarCategoryKind.Favourites => "favourites",
        SidebarCategoryKind.Rooms => "rooms",
        SidebarCategoryKind.Direct => "direct",
        _ => "custom",
    };

    public static bool IsBuiltIn(this SidebarCategoryKind kind) => kind != SidebarCategoryKind.Custom;
}
