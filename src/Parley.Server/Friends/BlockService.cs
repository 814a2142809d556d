using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Realtime;

namespace Parley.Server.Friends;

/// <summary>
/// A person's block list. Blocking also ends a friendship or request between the two; the blocker's tabs hear
/// BlocksChanged after the commit, the blocked person hears nothing. <see cref="Blocking"/> applies the list.
/// </summary>
public sealed class BlockService(ParleyDb db, ChatGroups groups, DmSendCache dmSends, FriendService friends, TimeProvider clock)
{
    public async Task<List<BlockDto>> ListAsync(Guid me, CancellationToken ct = default)
    {
        var rows = await db.Blocks.AsNoTracking().Where(b => b.BlockerId == me)
            .Join(db.Users, b => b.BlockedId, u => u.Id, (b, u) => new { b, u })
            .ToListAsync(ct);
        return rows.OrderBy(x => x.u.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(x => new BlockDto(UserDto.From(x.u), x.b.CreatedAt)).ToList();
    }

    public async Task<BlockDto> BlockAsync(Guid me, Guid userId, CancellationToken ct = default)
    {
        if (userId == me) throw ParleyError.Invalid("userId", "You can't block yourself.");
        var other = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw ParleyError.NotFound("User");
        var existing = await db.Blocks.AsNoTracking().FirstOrDefaultAsync(b => b.BlockerId == me && b.BlockedId == userId, ct);
        if (existing is not null) return new BlockDto(UserDto.From(other), existing.CreatedAt);

        var block = new Block { BlockerId = me, BlockedId = userId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Blocks.Add(block);
        var (low, high) = Friendship.Pair(me, userId);
        var ended = await db.Friendships.Where(f => f.LowId == low && f.HighId == high).ExecuteDeleteAsync(ct) > 0;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { db.ChangeTracker.Clear(); } // blocked twice at once
        await dmSends.ForgetAsync();
        await groups.ToUser(me).BlocksChanged(new BlocksChanged(userId, true));
        if (ended) await friends.AnnounceAsync(null, me, userId, ct);
        return new BlockDto(UserDto.From(other), block.CreatedAt);
    }

    public async Task UnblockAsync(Guid me, Guid userId, CancellationToken ct = default)
    {
        if (await db.Blocks.Where(b => b.BlockerId == me && b.BlockedId == userId).ExecuteDeleteAsync(ct) == 0)
            throw ParleyError.NotFound("Block");
        await groups.ToUser(me).BlocksChanged(new BlocksChanged(userId, false));
    }
}
