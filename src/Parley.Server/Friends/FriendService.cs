using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;

namespace Parley.Server.Friends;

/// <summary>Friend requests and friends. Every change is told to both people's connections (FriendshipChanged) after the commit.</summary>
public sealed class FriendService(ParleyDb db, IChatAudience groups, Blocking blocking, TimeProvider clock)
{
    public async Task<FriendsList> ListAsync(Guid me, CancellationToken ct = default)
    {
        var rows = await db.Friendships.AsNoTracking().Where(f => f.LowId == me || f.HighId == me).ToListAsync(ct);
        var others = rows.Select(r => r.Other(me)).ToList();
        var users = await db.Users.AsNoTracking().Where(u => others.Contains(u.Id) && u.DeactivatedAt == null).ToDictionaryAsync(u => u.Id, ct);
        var all = rows.Where(r => users.ContainsKey(r.Other(me)))
            .Select(r => new FriendDto(UserDto.From(users[r.Other(me)]), StateFor(r, me), r.AcceptedAt ?? r.CreatedAt))
            .OrderBy(f => f.User.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
        return new FriendsList(
            [.. all.Where(f => f.State == FriendState.Friends)], [.. all.Where(f => f.State == FriendState.Incoming)], [.. all.Where(f => f.State == FriendState.Outgoing)]);
    }

    /// <summary>Ask someone to be friends; Created is true when a new request was made (not a repeat, nor asking back).</summary>
    public async Task<(FriendDto Friend, bool Created)> RequestAsync(Guid me, FriendRequest req, CancellationToken ct = default)
    {
        var them = req.UserId ?? throw ParleyError.Invalid("userId", "userId is required.");
        if (them == me) throw ParleyError.Invalid("userId", "You can't send yourself a friend request.");
        await Moderation.GuestScope.RequireReachableAsync(db, me, [them], ct);
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
            await AnnounceAsync(row, me, them, ct);
            return (new FriendDto(UserDto.From(other), FriendState.Outgoing, now), true);
        }
        if (row.AcceptedAt is not null) throw ParleyError.Conflict("userId", "You are already friends.");
        if (row.RequestedById == me) return (new FriendDto(UserDto.From(other), FriendState.Outgoing, row.CreatedAt), false); // a repeat
        // They asked first: asking back is saying yes.
        row.AcceptedAt = now;
        await db.SaveChangesAsync(ct);
        await AnnounceAsync(row, me, them, ct);
        return (new FriendDto(UserDto.From(other), FriendState.Friends, now), false);
    }

    public async Task<FriendDto> AcceptAsync(Guid me, Guid userId, CancellationToken ct = default)
    {
        var row = await FindAsync(me, userId, ct);
        if (row is null || (row.AcceptedAt is null && row.RequestedById == me)) throw ParleyError.NotFound("Friend request");
        if (row.AcceptedAt is null)
        {
            row.AcceptedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            await AnnounceAsync(row, me, userId, ct);
        }
        var other = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
        return new FriendDto(UserDto.From(other), FriendState.Friends, row.AcceptedAt.Value);
    }

    public Task DeclineAsync(Guid me, Guid userId, CancellationToken ct = default) =>
        DeleteAsync(me, userId, r => r.AcceptedAt is null && r.RequestedById == userId, "Friend request", ct);

    public Task CancelAsync(Guid me, Guid userId, CancellationToken ct = default) =>
        DeleteAsync(me, userId, r => r.AcceptedAt is null && r.RequestedById != userId, "Friend request", ct);

    public Task RemoveAsync(Guid me, Guid userId, CancellationToken ct = default) =>
        DeleteAsync(me, userId, r => r.AcceptedAt is not null, "Friend", ct);

    private async Task DeleteAsync(Guid me, Guid userId, Func<Friendship, bool> applies, string what, CancellationToken ct)
    {
        var row = await FindAsync(me, userId, ct);
        if (row is null || !applies(row)) throw ParleyError.NotFound(what);
        db.Friendships.Remove(row);
        await db.SaveChangesAsync(ct);
        await AnnounceAsync(null, me, userId, ct);
    }

    private Task<Friendship?> FindAsync(Guid me, Guid them, CancellationToken ct)
    {
        var (low, high) = Friendship.Pair(me, them);
        return db.Friendships.FirstOrDefaultAsync(f => f.LowId == low && f.HighId == high, ct);
    }

    private static string StateFor(Friendship? row, Guid viewer) =>
        row is null ? FriendState.None
        : row.AcceptedAt is not null ? FriendState.Friends
        : row.RequestedById == viewer ? FriendState.Outgoing : FriendState.Incoming;

    /// <summary>Each side hears the change from where they stand, with the other person's profile. Call after the commit.</summary>
    internal async Task AnnounceAsync(Friendship? row, Guid a, Guid b, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.Id == a || u.Id == b).ToDictionaryAsync(u => u.Id, ct);
        await groups.ToUser(a).FriendshipChanged(new FriendshipChanged(b, StateFor(row, a), UserDto.From(users[b])));
        await groups.ToUser(b).FriendshipChanged(new FriendshipChanged(a, StateFor(row, b), UserDto.From(users[a])));
    }
}
