using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Realtime;

namespace Parley.Server.Friends;

/// <summary>GET/PUT/DELETE /api/blocks. Blocking also ends a friendship or request between the two.</summary>
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

    private static async Task<Ok<List<BlockDto>>> List(HttpContext http, ParleyDb db, CancellationToken ct)
    {
        var me = http.User.UserId();
        var rows = await db.Blocks.AsNoTracking().Where(b => b.BlockerId == me)
            .Join(db.Users, b => b.BlockedId, u => u.Id, (b, u) => new { b, u })
            .ToListAsync(ct);
        return TypedResults.Ok(rows.OrderBy(x => x.u.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(x => new BlockDto(UserDto.From(x.u), x.b.CreatedAt)).ToList());
    }

    private static async Task<Ok<BlockDto>> Add(Guid userId, HttpContext http, ParleyDb db, ChatGroups groups, TimeProvider clock, DmSendCache dmSends, CancellationToken ct)
    {
        var me = http.User.UserId();
        if (userId == me) throw ParleyError.Invalid("userId", "You can't block yourself.");
        var other = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw ParleyError.NotFound("User");
        var existing = await db.Blocks.AsNoTracking().FirstOrDefaultAsync(b => b.BlockerId == me && b.BlockedId == userId, ct);
        if (existing is not null) return TypedResults.Ok(new BlockDto(UserDto.From(other), existing.CreatedAt));

        var block = new Block { BlockerId = me, BlockedId = userId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Blocks.Add(block);
        var (low, high) = Friendship.Pair(me, userId);
        var ended = await db.Friendships.Where(f => f.LowId == low && f.HighId == high).ExecuteDeleteAsync(ct) > 0;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { db.ChangeTracker.Clear(); } // blocked twice at once
        dmSends.Forget();
        await groups.ToUser(me).BlocksChanged(new BlocksChanged(userId, true));
        if (ended) await FriendsApi.AnnounceAsync(db, groups, null, me, userId, ct);
        return TypedResults.Ok(new BlockDto(UserDto.From(other), block.CreatedAt));
    }

    private static async Task<NoContent> Remove(Guid userId, HttpContext http, ParleyDb db, ChatGroups groups, CancellationToken ct)
    {
        var me = http.User.UserId();
        if (await db.Blocks.Where(b => b.BlockerId == me && b.BlockedId == userId).ExecuteDeleteAsync(ct) == 0)
            throw ParleyError.NotFound("Block");
        await groups.ToUser(me).BlocksChanged(new BlocksChanged(userId, false));
        return TypedResults.NoContent();
    }
}
