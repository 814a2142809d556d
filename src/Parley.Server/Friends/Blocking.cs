using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Rooms;
using Parley.Server.Settings;

namespace Parley.Server.Friends;

/// <summary>
/// Who may reach whom. Someone blocked hears a neutral refusal that doesn't say they were blocked; the blocker is
/// told to unblock first. "Only friends can DM me" refuses new conversations from non-friends.
/// </summary>
public sealed class Blocking(ParleyDb db, DmSendCache dmWrites)
{
    public const string CantMessage = "This person isn't accepting messages from you.";

    /// <summary>Ids among <paramref name="others"/> who blocked me, and those I blocked.</summary>
    private async Task<(List<Guid> BlockedMe, List<Guid> IBlocked)> BetweenAsync(Guid me, IReadOnlyCollection<Guid> others, CancellationToken ct)
    {
        var ids = others.ToList();
        var rows = await db.Blocks.AsNoTracking()
            .Where(b => (b.BlockedId == me && ids.Contains(b.BlockerId)) || (b.BlockerId == me && ids.Contains(b.BlockedId)))
            .ToListAsync(ct);
        return (rows.Where(b => b.BlockedId == me).Select(b => b.BlockerId).ToList(),
                rows.Where(b => b.BlockerId == me).Select(b => b.BlockedId).ToList());
    }

    /// <summary>Opening a DM or group DM with these people.</summary>
    public async Task RequireCanOpenDmAsync(Guid me, IReadOnlyCollection<Guid> others, CancellationToken ct = default)
    {
        var (blockedMe, iBlocked) = await BetweenAsync(me, others, ct);
        if (iBlocked.Count > 0) throw ParleyError.Forbidden(others.Count == 1
            ? "You blocked this person. Unblock them to send messages."
            : "You blocked someone in this group. Unblock them to message them.", ErrorCodes.Blocked);
        if (blockedMe.Count > 0) throw ParleyError.Forbidden(others.Count == 1 ? CantMessage : "Someone in this group isn't accepting messages from you.", ErrorCodes.Blocked);
        var ids = others.ToList();
        var friendsOnly = await db.UserSettings.AsNoTracking()
            .Where(s => ids.Contains(s.UserId) && s.DmPolicy == DmPolicy.Friends)
            .Where(s => !db.Friendships.Any(f => f.AcceptedAt != null &&
                ((f.LowId == me && f.HighId == s.UserId) || (f.HighId == me && f.LowId == s.UserId))))
            .Select(s => s.UserId).ToListAsync(ct);
        if (friendsOnly.Count > 0) throw ParleyError.Forbidden(others.Count == 1
            ? "This person only accepts direct messages from friends."
            : "Someone in this group only accepts direct messages from friends.", ErrorCodes.FriendsOnly);
    }

    /// <summary>Sending in a 1:1 DM: refused either way once one of the two blocked the other.</summary>
    public async Task RequireCanSendDmAsync(Guid me, Guid other, CancellationToken ct = default)
    {
        var (blockedMe, iBlocked) = await BetweenAsync(me, [other], ct);
        if (iBlocked.Count > 0) throw ParleyError.Forbidden("You blocked this person. Unblock them to send messages.", ErrorCodes.Blocked);
        if (blockedMe.Count > 0) throw ParleyError.Forbidden(CantMessage, ErrorCodes.Blocked);
    }

    /// <summary>
    /// Any write in a 1:1 DM (a send, an edit, a reaction, a pin, a vote, typing): refused either way once one of the
    /// two blocked the other. Other rooms pass at once; a DM allowed in the last few seconds passes without a query
    /// (<see cref="DmSendCache"/>, forgotten on every node when a block is made).
    /// </summary>
    public async Task RequireMayWriteAsync(RoomAccess.Membership m, CancellationToken ct = default)
    {
        if (m.Room.Kind != RoomKind.Direct) return;
        var (room, me) = (m.Room.Id, m.Member.UserId);
        if (dmWrites.MaySend(room, me)) return;
        var version = dmWrites.Version;
        var other = await db.RoomMembers.AsNoTracking().Where(x => x.RoomId == room && x.UserId != me).Select(x => (Guid?)x.UserId).FirstOrDefaultAsync(ct);
        if (other is { } o) await RequireCanSendDmAsync(me, o, ct);
        dmWrites.Allow(room, me, version);
    }

    public async Task RequireCanInviteAsync(Guid me, IReadOnlyCollection<Guid> invited, CancellationToken ct = default)
    {
        var (blockedMe, _) = await BetweenAsync(me, invited, ct);
        if (blockedMe.Count > 0) throw new ParleyError(403, invited.Count == 1
            ? "This person isn't accepting invitations from you."
            : "Someone you named isn't accepting invitations from you.", "userIds", code: ErrorCodes.Blocked);
    }

    public async Task RequireCanBefriendAsync(Guid me, Guid other, CancellationToken ct = default)
    {
        var (blockedMe, iBlocked) = await BetweenAsync(me, [other], ct);
        if (iBlocked.Count > 0) throw new ParleyError(403, "You blocked this person. Unblock them first.", "userId", code: ErrorCodes.Blocked);
        if (blockedMe.Count > 0) throw new ParleyError(403, "This person isn't accepting friend requests from you.", "userId", code: ErrorCodes.Blocked);
    }

    /// <summary>People among <paramref name="recipients"/> who blocked the sender: they get no notification from them.</summary>
    public async Task<HashSet<Guid>> BlockersOfAsync(Guid sender, IReadOnlyCollection<Guid> recipients, CancellationToken ct = default)
    {
        var ids = recipients.ToList();
        return [.. await db.Blocks.AsNoTracking().Where(b => b.BlockedId == sender && ids.Contains(b.BlockerId)).Select(b => b.BlockerId).ToListAsync(ct)];
    }
}
