namespace Parley.Server.Sidebar;

public sealed record CreateCategoryRequest(string? Name);
public sealed record UpdateCategoryRequest(string? Name, bool? Collapsed);
public sealed record OrderCategoriesRequest(IReadOnlyList<Guid>? CategoryIds);
/// <summary>categoryId null: back to the room's default section.</summary>
public sealed record PlaceRoomRequest(Guid? CategoryId);
public sealed record FavouriteRoomRequest(bool? Favourite);

/// <summary>
/// One section. kind: favourites, rooms, direct or custom; name: custom ones only (null for the built-ins);
/// roomIds: the conversations it holds, of those you are a member of, most recent activity first.
/// </summary>
public sealed record SidebarCategoryDto(Guid Id, string Kind, string? Name, bool Collapsed, IReadOnlyList<Guid> RoomIds);

/// <summary>The whole layout, sections in your order; also the payload of SidebarChanged.</summary>
public sealed record SidebarDto(IReadOnlyList<SidebarCategoryDto> Categories);
