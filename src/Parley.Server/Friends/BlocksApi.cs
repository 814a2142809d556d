using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;

namespace Parley.Server.Friends;

/// <summary>GET/PUT/DELETE /api/blocks, over <see cref="BlockService"/>.</summary>
public static class BlocksApi
{
    public static void MapBlocks(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/blocks").WithTags("Friends").RequireAuthorization();
        api.MapGet("/", List).WithName("ListBlocks");
        api.MapPut("/{userId:guid}", Add).WithName("BlockUser")
            .WithSummary("They can't DM, invite or friend you; clients hide their messages in shared rooms. They are not told.");
        api.MapDelete("/{userId:guid}", Remove).WithName("UnblockUser");
    }

    private static async Task<Ok<List<BlockDto>>> List(HttpContext http, BlockService blocks, CancellationToken ct) =>
        TypedResults.Ok(await blocks.ListAsync(http.User.UserId(), ct));

    private static async Task<Ok<BlockDto>> Add(Guid userId, HttpContext http, BlockService blocks, CancellationToken ct) =>
        TypedResults.Ok(await blocks.BlockAsync(http.User.UserId(), userId, ct));

    private static async Task<NoContent> Remove(Guid userId, HttpContext http, BlockService blocks, CancellationToken ct)
    {
        await blocks.UnblockAsync(http.User.UserId(), userId, ct);
        return TypedResults.NoContent();
    }
}
