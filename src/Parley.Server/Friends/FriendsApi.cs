using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Realtime;

namespace Parley.Server.Friends;

/// <summary>Friend requests and friends. Every change is told to both people's connections (FriendshipChanged).</summary>
public static class FriendsApi
{
    public static void MapFriends(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/friends").WithTags("Friends").RequireAuthorization();
        api.MapGet("/", List).WithName("ListFriends");
        api.MapPost("/requests", Request).WithName("RequestFriend").RequireRateLimiting(RateLimits.FriendRequestPolicy)
            .WithSummary("Ask someone to be friends; if they already asked you, you are friends at once.");
        api.MapPost("/requests/{userId:guid}/accept", Accept).WithName("AcceptFriend");
        api.MapPost("/requests/{userId:guid}/decline", Decline).WithName("DeclineFriend");
        api.MapDelete("/requests/{userId:guid}", Cancel).WithName("CancelFriendRequest");
        api.MapDelete("/{userId:guid}", Remove).WithName("RemoveFriend");
    }

    private static async Task<Ok<FriendsList>> List(HttpContext http, ParleyDb db, CancellationToken ct)
    {
        var me = http.User.UserId();
        var rows = await db.Friendships.AsNoTracking().Where(f => f.LowId == me || f.HighId == me).ToListAsync(ct);
        var others = rows.Select(r => r.Other(me)).ToList();
        var users = await db.Users.AsNoTracking().Where(u => others.Contains(u.Id) && u.DeactivatedAt == null).ToDictionaryAsync(u => u.Id, ct);
        var all = rows.Where(r => users.ContainsKey(r.Other(me)))
            .Select(r => new FriendDto(UserDto.From(users[r.Other(me)]), StateFor(r, me), r.AcceptedAt ?? r.CreatedAt))
            .OrderBy(f => f.User.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
        return TypedResults.Ok(new FriendsList(
            [.. all.Where(f => f.State == FriendState.Friends)], [.. all.Where(f => f.State == FriendState.Incoming)], [.. all.Where(f => f.State == FriendState.Outgoing)]));
    }

    private static async Task<Results<Created<FriendDto>, Ok<FriendDto>>> Request(FriendRequest req, HttpContext http, ParleyDb db, ChatGroups groups,
        Blocking blocking, TimeProvider clock, CancellationToken ct)
    {
        var me = http.User.UserId();
        var them = req.UserId ?? throw ParleyError.Invalid("userId", "userId is required.");
        if (them == me) throw ParleyError.Invalid("userId", "You can't send yourself a friend request.");
        var other = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == them && u.DeactivatedAt == null, ct)
            ?? throw ParleyError.NotFound("User");
        await blocking.RequireCanBefriendAsync(me, them, ct);
        var (low, high) = Friendship.Pair(me, them);
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.Friendships.FirstOrDefaultAsync(f => f.LowId == low && f.HighId == high, ct);
        if (row is null)
        {
            row = new Friendship { LowId = low, HighId = high, RequestedById = me, CreatedAt = now };
            db.Friendships.Add(row);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { throw ParleyError.Conflict("userId", "A request between you two was just made; reload your friends."); }
            await AnnounceAsync(db, groups, row, me, them, ct);
            return TypedResults.Created($"/api/friends/{them}", new FriendDto(UserDto.From(other), FriendState.Outgoing, now));
        }
        if (row.AcceptedAt is not null) throw ParleyError.Conflict("userId", "You are already friends.");
        if (row.RequestedById == me) return TypedResults.Ok(new FriendDto(UserDto.From(other), FriendState.Outgoing, row.CreatedAt)); // a repeat
        // They asked first: asking back is saying yes.
        row.AcceptedAt = now;
        await db.SaveChangesAsync(ct);
        await AnnounceAsync(db, groups, row, me, them, ct);
        return TypedResults.Ok(new FriendDto(UserDto.From(other), FriendState.Friends, now));
    }

    private static async Task<Ok<FriendDto>> Accept(Guid userId, HttpContext http, ParleyDb db, ChatGroups groups, TimeProvider clock, CancellationToken ct)
    {
        var me = http.User.UserId();
        var row = await FindAsync(db, me, userId, ct);
        if (row is null || (row.AcceptedAt is null && row.RequestedById == me)) throw ParleyError.NotFound("Friend request");
        if (row.AcceptedAt is null)
        {
            row.AcceptedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            await AnnounceAsync(db, groups, row, me, userId, ct);
        }
        var other = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
        return TypedResults.Ok(new FriendDto(UserDto.From(other), FriendState.Friends, row.AcceptedAt.Value));
    }

    private static Task<NoContent> Decline(Guid userId, HttpContext http, ParleyDb db, ChatGroups groups, CancellationToken ct) =>
        DeleteAsync(http, db, groups, userId, r => r.AcceptedAt is null && r.RequestedById == userId, "Friend request", ct);

    private static Task<NoContent> Cancel(Guid userId, HttpContext http, ParleyDb db, ChatGroups groups, CancellationToken ct) =>
        DeleteAsync(http, db, groups, userId, r => r.AcceptedAt is null && r.RequestedById != userId, "Friend request", ct);

    private static Task<NoContent> Remove(Guid userId, HttpContext http, ParleyDb db, ChatGroups groups, CancellationToken ct) =>
        DeleteAsync(http, db, groups, userId, r => r.AcceptedAt is not null, "Friend", ct);

    private static async Task<NoContent> DeleteAsync(HttpContext http, ParleyDb db, ChatGroups groups, Guid userId, Func<Friendship, bool> applies,
        string what, CancellationToken ct)
    {
        var me = http.User.UserId();
        var row = await FindAsync(db, me, userId, ct);
        if (row is null || !applies(row)) throw ParleyError.NotFound(what);
        db.Friendships.Remove(row);
        await db.SaveChangesAsync(ct);
        await AnnounceAsync(db, groups, null, me, userId, ct);
        return TypedResults.NoContent();
    }

    private static Task<Friendship?> FindAsync(ParleyDb db, Guid me, Guid them, CancellationToken ct)
    {
        var (low, high) = Friendship.Pair(me, them);
        return db.Friendships.FirstOrDefaultAsync(f => f.LowId == low && f.HighId == high, ct);
    }

    public static string StateFor(Friendship? row, Guid viewer) =>
        row is null ? FriendState.None
        : row.AcceptedAt is not null ? FriendState.Friends
        : row.RequestedById == viewer ? FriendState.Outgoing : FriendState.Incoming;

    /// <summary>Each side hears the change from where they stand, with the other person's profile.</summary>
    internal static async Task AnnounceAsync(ParleyDb db, ChatGroups groups, Friendship? row, Guid a, Guid b, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.Id == a || u.Id == b).ToDictionaryAsync(u => u.Id, ct);
        await groups.ToUser(a).FriendshipChanged(new FriendshipChanged(b, StateFor(row, a), UserDto.From(users[b])));
        await groups.ToUser(b).FriendshipChanged(new FriendshipChanged(a, StateFor(row, b), UserDto.From(users[a])));
    }
}
