using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Presence;
using Parley.Server.Rooms;

namespace Parley.Server.Messages;

/// <summary>
/// Turns the names a message mentions into members of its room, checks who may use @here/@room, and says who is
/// reached: the people named, every member (@room) or the members online now (@here); never the sender.
/// </summary>
public sealed class MentionResolver(ParleyDb db, PresenceTracker presence, Friends.Blocking blocking, IOptions<MessagingOptions> options)
{
    public sealed record Resolved(IReadOnlyList<Guid> Named, Wildcard Wildcard, IReadOnlyList<Guid> Reached)
    {
        public static readonly Resolved None = new([], Wildcard.None, []);
        public string? NamedColumn => Named.Count == 0 ? null : string.Join(",", Named.Select(id => id.ToString("N")));
    }

    public async Task<Resolved> ResolveAsync(RoomAccess.Membership sender, string text, CancellationToken ct = default)
    {
        var parsed = MentionParser.Parse(text);
        if (parsed.IsEmpty) return Resolved.None;
        var roomId = sender.Room.Id;
        var me = sender.Member.UserId;

        List<Guid> named = [];
        if (parsed.Names.Count > 0)
        {
            var upper = parsed.Names.Select(n => n.ToUpperInvariant()).ToList();
            named = await db.RoomMembers.AsNoTracking().Where(m => m.RoomId == roomId)
                .Join(db.Users.Where(u => upper.Contains(u.NormalizedUserName!) && u.DeactivatedAt == null), m => m.UserId, u => u.Id, (m, u) => u.Id)
                .OrderBy(id => id).Take(MentionParser.MaxNames).ToListAsync(ct);
        }

        var reached = new HashSet<Guid>(named);
        if (parsed.Wildcard != Wildcard.None)
        {
            var members = await db.RoomMembers.AsNoTracking().Where(m => m.RoomId == roomId).Select(m => m.UserId).ToListAsync(ct);
            if (!sender.Room.Kind.IsDm() && sender.Room.WildcardMentions == WildcardPolicy.Owners
                && sender.Member.Role != MemberRole.Owner && members.Count > options.Value.LargeRoomMembers)
                throw ParleyError.Forbidden("Only owners can use @here and @room in this room.", ErrorCodes.OwnerOnly);
            if (parsed.Wildcard == Wildcard.Room) reached.UnionWith(members);
            else
                foreach (var (id, status) in await presence.StatusesAsync(members))
                    if (status is PresenceStatus.Online or PresenceStatus.DoNotDisturb) reached.Add(id);
        }
        reached.Remove(me);
        // Someone who blocked the sender is not pinged by them.
        if (reached.Count > 0) reached.ExceptWith(await blocking.BlockersOfAsync(me, reached, ct));
        return new Resolved(named, parsed.Wildcard, [.. reached]);
    }
}
