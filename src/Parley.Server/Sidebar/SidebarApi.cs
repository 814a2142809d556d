using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;

namespace Parley.Server.Sidebar;

/// <summary>Your sidebar: sections (favourites, your own, rooms, direct messages), their order, and where each conversation sits.</summary>
public static class SidebarApi
{
    public static void MapSidebar(this IEndpointRouteBuilder app)
    {
        var sidebar = app.MapGroup("/api/sidebar").WithTags("Sidebar").RequireAuthorization();
        sidebar.MapGet("/", Get).WithName("GetSidebar")
            .WithSummary("Your sections in order, each with the ids of the conversations in it.");
        sidebar.MapPost("/categories", Create).WithName("CreateSidebarCategory")
            .WithSummary($"A new section of your own (name 1–40 characters, at most {SidebarService.MaxCustom}), after your other ones.");
        sidebar.MapPatch("/categories/{id:guid}", Update).WithName("UpdateSidebarCategory")
            .WithSummary("Rename (your own sections only) and/or collapse or expand a section.");
        sidebar.MapDelete("/categories/{id:guid}", Delete).WithName("DeleteSidebarCategory")
            .WithSummary("Deletes a section of your own; its conversations go back to Rooms or Direct messages.");
        sidebar.MapPut("/order", Order).WithName("OrderSidebarCategories")
            .WithSummary("The order of your sections: categoryIds lists each of them exactly once.");

        var room = app.MapGroup("/api/rooms/{roomId:guid}").WithTags("Sidebar").RequireAuthorization();
        room.MapPut("/sidebar", Place).WithName("PlaceInSidebar")
            .WithSummary("Moves a conversation of yours into a section (categoryId null: back to its default).");
        room.MapPut("/favourite", Favourite).WithName("SetFavourite")
            .WithSummary("favourite true: into Favourites; false: out of Favourites, back to its default.");
    }

    private static async Task<Ok<SidebarDto>> Get(HttpContext http, SidebarService sidebar, CancellationToken ct) =>
        TypedResults.Ok(await sidebar.GetAsync(http.User.UserId(), ct));

    private static async Task<Created<SidebarCategoryDto>> Create(CreateCategoryRequest req, HttpContext http, SidebarService sidebar, CancellationToken ct)
    {
        var category = await sidebar.CreateAsync(http.User.UserId(), req, ct);
        return TypedResults.Created($"/api/sidebar/categories/{category.Id}", category);
    }

    private static async Task<Ok<SidebarDto>> Update(Guid id, UpdateCategoryRequest req, HttpContext http, SidebarService sidebar, CancellationToken ct) =>
        TypedResults.Ok(await sidebar.UpdateAsync(http.User.UserId(), id, req, ct));

    private static async Task<Ok<SidebarDto>> Delete(Guid id, HttpContext http, SidebarService sidebar, CancellationToken ct) =>
        TypedResults.Ok(await sidebar.DeleteAsync(http.User.UserId(), id, ct));

    private static async Task<Ok<SidebarDto>> Order(OrderCategoriesRequest req, HttpContext http, SidebarService sidebar, CancellationToken ct) =>
        TypedResults.Ok(await sidebar.OrderAsync(http.User.UserId(), req, ct));

    private static async Task<Ok<SidebarDto>> Place(Guid roomId, PlaceRoomRequest req, HttpContext http, SidebarService sidebar, CancellationToken ct) =>
        TypedResults.Ok(await sidebar.PlaceAsync(http.User.UserId(), roomId, req, ct));

    private static async Task<Ok<SidebarDto>> Favourite(Guid roomId, FavouriteRoomRequest req, HttpContext http, SidebarService sidebar, CancellationToken ct) =>
        TypedResults.Ok(await sidebar.FavouriteAsync(http.User.UserId(), roomId, req, ct));
}
