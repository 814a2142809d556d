using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;
using Parley.Server.Moderation;

namespace Parley.Server.Rooms;

/// <summary>
/// Conversations and who is in them. Every membership or room change is a system line written through the one write
/// path (<see cref="SendBatcher"/>), the change in the line's own transaction, and is broadcast only after the commit.
/// </summary>
public sealed class RoomService(ParleyDb db, RoomAccess access, IChatAudience groups, Friends.Blocking blocking, MembershipCache memberships,
    SendBatcher batcher, Calls.CallDepartures calls, TimeProvider clock)
{
    public const int MaxName = 80, MaxTopic = 250, MaxInvite = 50, MaxGroupDm = 10;

    public async Task<RoomDto> CreateAsync(Guid me, CreateRoomRequest req, CancellationToken ct = default)
    {
        PermissionTable.Require(Permission.CreateRoom, await db.ServerRoleOfAsync(me, ct));
        var kind = req.Visibility switch
        {
            "public" => RoomKind.Public,
            "private" => RoomKind.Private,
            null or "" => throw ParleyError.Invalid("visibility", "visibility is required: \"public\" or \"private\"."),
            _ => throw ParleyError.Invalid("visibility", "visibility must be \"public\" or \"private\"."),
        };
        var name = CheckName(req.Name);
        var topic = CheckTopic(req.Topic);
        var key = name.ToLowerInvariant();
        if (await db.Rooms.AnyAsync(r => r.NameKey == key, ct)) throw ParleyError.Conflict("name", "A room with that name already exists.");

        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == me, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var room = new Room
        {
            Id = Guid.CreateVersion7(), Kind = kind, Name = name, NameKey = key, Topic = topic,
            CreatedById = me, CreatedAt = now, LastSeq = 1, LastRev = 1, LastActivityAt = now,
        };
        db.Rooms.Add(room);
        db.RoomMembers.Add(new RoomMember { RoomId = room.Id, UserId = me, Role = MemberRole.Owner, JoinedAt = now, LastReadSeq = 1 });
        // The one line not written by SendBatcher: it is written with the room itself (seq 1), before anyone can hear of it.
        db.Messages.Add(new Message
        {
            Id = Guid.CreateVersion7(), RoomId = room.Id, SenderId = me, Seq = 1, Rev = 1,
            Kind = MessageKind.System, Text = $"{user.DisplayName} created the room", CreatedAt = now,
        });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw ParleyError.Conflict("name", "A room with that name already exists.");
        }

        await groups.AddUserToRoomAsync(me, room.Id);
        await groups.ToUser(me).RoomAdded(await SummaryAsync(me, room.Id, ct));
        return RoomDto.From(room);
    }

    public async Task<RoomSummary> JoinAsync(Guid me, Guid roomId, CancellationToken ct = default)
    {
        var room = await db.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, ct) ?? throw ParleyError.NotFound("Room");
        var isMember = await db.RoomMembers.AnyAsync(m => m.RoomId == roomId && m.UserId == me, ct);
        if (isMember) return await SummaryAsync(me, roomId, ct);
        // Private rooms are invite-only and stay hidden, and public ones from guests.
        if (GuestScope.Hides(room, await db.ServerRoleOfAsync(me, ct), isMember: false)) throw ParleyError.NotFound("Room");
        if (await access.IsBannedAsync(me, roomId, ct)) throw Sanctions.BannedRefusal();

        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == me, ct);
        await AnnounceJoinsAsync(room.Id, await AddMembersAsync(room, user, [user], ct), ct);
        return await SummaryAsync(me, roomId, ct);
    }

    public async Task<IReadOnlyList<MemberDto>> InviteAsync(Guid me, Guid roomId, InviteRequest req, CancellationToken ct = default)
    {
        var m = await access.RequireMemberAsync(me, roomId, ct);
        if (m.Room.Kind.IsDm()) throw ParleyError.Invalid("roomId", "People can't be added to a direct message; start a new group message instead.");
        // "Moderators invite": a plain member's room role doesn't count.
        var inRoom = m.Room.InvitePolicy == InvitePolicy.Moderators && m.Member.Role == MemberRole.Member ? (MemberRole?)null : m.Member.Role;
        PermissionTable.Require(Permission.InviteMembers, m.ServerRole, inRoom);
        var ids = (req.UserIds ?? []).Distinct().ToList();
        if (ids.Count == 0) throw ParleyError.Invalid("userIds", "Name at least one person to invite.");
        if (ids.Count > MaxInvite) throw ParleyError.Invalid("userIds", $"Invite at most {MaxInvite} people at a time.");

        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.DeactivatedAt == null).ToListAsync(ct);
        if (users.Count != ids.Count) throw new ParleyError(404, "One or more of those people do not exist.", "userIds");
        var already = await db.RoomMembers.Where(x => x.RoomId == roomId && ids.Contains(x.UserId)).Select(x => x.UserId).ToListAsync(ct);
        var toAdd = users.Where(u => !already.Contains(u.Id)).ToList();
        if (toAdd.Count == 0) return [];
        var now = clock.GetUtcNow().UtcDateTime;
        var addIds = toAdd.Select(u => u.Id).ToList();
        if (await db.RoomSanctions.AnyAsync(x => x.RoomId == roomId && addIds.Contains(x.UserId) && x.Kind == SanctionKind.Ban
                                                 && (x.ExpiresAt == null || x.ExpiresAt > now), ct))
            throw ParleyError.Forbidden("Someone you named is banned from this room; a moderator must lift the ban first.", ErrorCodes.Banned);
        await blocking.RequireCanInviteAsync(me, toAdd.Select(u => u.Id).ToList(), ct);

        var actor = await db.Users.AsNoTracking().FirstAsync(u => u.Id == me, ct);
        var added = await AddMembersAsync(m.Room, actor, toAdd, ct);
        await AnnounceJoinsAsync(roomId, added, ct);
        return added.Select(j => ToMember(j.User, j.Member)).ToList();
    }

    private sealed record Joined(User User, RoomMember Member, long Rev);

    /// <summary>
    /// Each membership with its system line, one after another (each in its own transaction). Someone who became a
    /// member meanwhile (joined twice at once, added by two people) is left out: they are in, as asked.
    /// </summary>
    private async Task<List<Joined>> AddMembersAsync(Room room, User actor, IReadOnlyList<User> users, CancellationToken ct)
    {
        var done = new List<Joined>();
        foreach (var u in users)
        {
            var member = new RoomMember { RoomId = room.Id, UserId = u.Id, Role = MemberRole.Member };
            var text = u.Id == actor.Id ? $"{u.DisplayName} joined" : $"{actor.DisplayName} added {u.DisplayName}";
            try
            {
                var (line, _) = await batcher.WriteSystemLineAsync(room, u.Id, text, async (tx, msg, c) =>
                {
                    member.JoinedAt = msg.CreatedAt;
                    member.LastReadSeq = msg.Seq - 1;
                    tx.RoomMembers.Add(member);
                    await tx.SaveChangesAsync(c);
                }, ct);
                done.Add(new Joined(u, member, line.Rev));
            }
            catch (Exception e) when (DbErrors.IsUniqueViolation(e)) { }
            finally { memberships.Forget(room.Id); }
        }
        return done;
    }

    /// <summary>After the commit: the newcomer's connections join the room's group, the room hears who joined, the newcomer's list gains the room.</summary>
    private async Task AnnounceJoinsAsync(Guid roomId, List<Joined> joined, CancellationToken ct)
    {
        foreach (var j in joined)
        {
            await groups.AddUserToRoomAsync(j.User.Id, roomId);
            await groups.InRoom(roomId).MemberJoined(new MemberEvent(roomId, j.Rev, ToMember(j.User, j.Member)));
            await groups.ToUser(j.User.Id).RoomAdded(await SummaryAsync(j.User.Id, roomId, ct));
        }
    }

    public async Task LeaveAsync(Guid me, Guid roomId, CancellationToken ct = default)
    {
        var m = await access.RequireMemberAsync(me, roomId, ct);
        if (m.Room.Kind == RoomKind.Direct) throw ParleyError.Invalid("roomId", "You can't leave a direct message.");
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == me, ct);

        RoomMember? heir = null;
        (MessageDto Message, bool) line;
        try
        {
            line = await batcher.WriteSystemLineAsync(m.Room, me, $"{user.DisplayName} left", async (tx, _, c) =>
            {
                // Left twice at once: the second finds nobody to remove and writes no line.
                if (await tx.RoomMembers.Where(x => x.RoomId == roomId && x.UserId == me).ExecuteDeleteAsync(c) == 0) throw ParleyError.NotFound("Room");
                if (m.Member.Role == MemberRole.Owner) heir = await KeepAnOwnerAsync(tx, roomId, c);
                // Nobody can ever reach a private room again once its last member is gone: free its name.
                if (m.Room.Kind == RoomKind.Private && !await tx.RoomMembers.AnyAsync(x => x.RoomId == roomId, c))
                    await tx.Rooms.Where(r => r.Id == roomId).ExecuteUpdateAsync(u => u.SetProperty(r => r.NameKey, (string?)null), c);
            }, ct, beforeLaterMessages: () => groups.RemoveUserFromRoomAsync(me, roomId));
        }
        finally { memberships.Forget(roomId); }

        // Out of the group once the leave is committed (every node reads the membership to move the connections). The
        // writer did it already, before sending anything stored after the line (SendBatcher.Pending.BeforeLaterMessages);
        // once more here, so a failed move is reported to the caller. Their own line may reach them.
        await groups.RemoveUserFromRoomAsync(me, roomId);
        await groups.ToUser(me).RoomRemoved(new RoomRemovedEvent(roomId));
        await calls.LeftRoomAsync(me, roomId, ct);
        var room = groups.InRoom(roomId);
        await room.MemberLeft(new MemberEvent(roomId, line.Message.Rev, ToMember(user, m.Member)));
        if (heir is not null && await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == heir.UserId, ct) is { } heirUser)
            await room.MemberUpdated(new MemberEvent(roomId, line.Message.Rev, ToMember(heirUser, heir)));
    }

    public const int MaxSlowModeSeconds = 21600;

    /// <summary>
    /// Name and topic (each a line in the room with its change) and the settings (who may use @here/@room, read-only,
    /// slow mode, who may invite), for the room's owners and moderators and server moderators. One audit entry, saved
    /// with the first change.
    /// </summary>
    /// <summary>
    /// After an owner left or was removed, in that transaction: if no owner is left, the longest-standing member takes
    /// over (returned, with its new role), so the room keeps an owner.
    /// </summary>
    internal static async Task<RoomMember?> KeepAnOwnerAsync(ParleyDb tx, Guid roomId, CancellationToken c)
    {
        if (await tx.RoomMembers.AnyAsync(x => x.RoomId == roomId && x.Role == MemberRole.Owner, c)) return null;
        var heir = await tx.RoomMembers.AsNoTracking().Where(x => x.RoomId == roomId).OrderBy(x => x.JoinedAt).FirstOrDefaultAsync(c);
        if (heir is null) return null;
        heir.Role = MemberRole.Owner;
        await tx.RoomMembers.Where(x => x.RoomId == roomId && x.UserId == heir.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Role, MemberRole.Owner), c);
        return heir;
    }

    public async Task<RoomDto> UpdateAsync(Guid me, Guid roomId, UpdateRoomRequest req, CancellationToken ct = default)
    {
        var room = await RequireEditorAsync(me, roomId, ct);
        var name = req.Name is null ? null : CheckName(req.Name);
        var topic = req.Topic is null ? null : CheckTopic(req.Topic);
        WildcardPolicy? wildcards = req.WildcardMentions switch
        {
            null => null,
            "owners" => WildcardPolicy.Owners,
            "everyone" => WildcardPolicy.Everyone,
            _ => throw ParleyError.Invalid("wildcardMentions", "wildcardMentions must be \"owners\" or \"everyone\"."),
        };
        InvitePolicy? invites = req.InvitePolicy switch
        {
            null => null,
            "members" => InvitePolicy.Members,
            "moderators" => InvitePolicy.Moderators,
            _ => throw ParleyError.Invalid("invitePolicy", "invitePolicy must be \"members\" or \"moderators\"."),
        };
        if (req.SlowModeSeconds is < 0 or > MaxSlowModeSeconds)
            throw ParleyError.Invalid("slowModeSeconds", $"slowModeSeconds must be 0 (off) to {MaxSlowModeSeconds} (6 hours).");
        if (name == room.Name) name = null;
        if (topic == room.Topic) topic = null;
        if (wildcards == room.WildcardMentions) wildcards = null;
        if (invites == room.InvitePolicy) invites = null;
        var readOnly = req.ReadOnly == room.ReadOnly ? null : req.ReadOnly;
        var slow = req.SlowModeSeconds == room.SlowModeSeconds ? null : req.SlowModeSeconds;
        var mayPin = req.MembersMayPin == room.MembersMayPin ? null : req.MembersMayPin;

        var changed = new Dictionary<string, object>();
        if (name is not null) changed["name"] = name;
        if (topic is not null) changed["topic"] = topic;
        if (wildcards is { } w) changed["wildcardMentions"] = WildcardWire(w);
        if (readOnly is { } ro) changed["readOnly"] = ro;
        if (slow is { } sl) changed["slowModeSeconds"] = sl;
        if (invites is { } inv) changed["invitePolicy"] = InvitePolicyWire(inv);
        if (mayPin is { } mp) changed["membersMayPin"] = mp;
        if (changed.Count == 0) return RoomDto.From(room);
        if (name is not null && await db.Rooms.AnyAsync(r => r.NameKey == name.ToLowerInvariant() && r.Id != roomId, ct))
            throw ParleyError.Conflict("name", "A room with that name already exists.");

        // The settings and the audit entry ride with the first change's transaction.
        async Task SettingsAsync(ParleyDb tx, DateTime at, CancellationToken c)
        {
            if (wildcards is not null || readOnly is not null || slow is not null || invites is not null || mayPin is not null)
                await tx.Rooms.Where(r => r.Id == roomId).ExecuteUpdateAsync(u =>
                {
                    if (wildcards is { } w) u.SetProperty(r => r.WildcardMentions, w);
                    if (readOnly is { } ro) u.SetProperty(r => r.ReadOnly, ro);
                    if (slow is { } sl) u.SetProperty(r => r.SlowModeSeconds, sl);
                    if (invites is { } inv) u.SetProperty(r => r.InvitePolicy, inv);
                    if (mayPin is { } mp) u.SetProperty(r => r.MembersMayPin, mp);
                }, c);
            AuditLog.Record(tx, at, me, "room.settings", roomId: roomId, details: changed);
            await tx.SaveChangesAsync(c);
        }

        var nameKey = name?.ToLowerInvariant();
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == me, ct);
        var lines = new List<(string Text, Func<ParleyDb, Message, CancellationToken, Task> Effect)>();
        if (name is not null)
            lines.Add(($"{user.DisplayName} renamed the room to “{name}”", (tx, _, c) => tx.Rooms.Where(r => r.Id == roomId)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Name, name).SetProperty(r => r.NameKey, nameKey), c)));
        if (topic is not null)
            lines.Add((topic.Length == 0 ? $"{user.DisplayName} cleared the topic" : $"{user.DisplayName} set the topic: {topic}",
                (tx, _, c) => tx.Rooms.Where(r => r.Id == roomId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Topic, topic), c)));
        if (lines.Count == 0)
        {
            // Settings alone: not a change anyone needs a line in the history for.
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await SettingsAsync(db, clock.GetUtcNow().UtcDateTime, ct);
                await tx.CommitAsync(ct);
            }
            finally { memberships.Forget(roomId); }
        }
        else
        {
            var first = lines[0].Effect;
            lines[0] = (lines[0].Text, async (tx, msg, c) =>
            {
                await first(tx, msg, c);
                await SettingsAsync(tx, msg.CreatedAt, c);
            });
            // A rename and a new topic are two lines, each with its change.
            foreach (var (text, effect) in lines)
            {
                try { await batcher.WriteSystemLineAsync(room, me, text, effect, ct); }
                catch (Exception e) when (DbErrors.IsUniqueViolation(e))
                {
                    throw ParleyError.Conflict("name", "A room with that name already exists.");
                }
                finally { memberships.Forget(roomId); }
            }
        }

        var dto = RoomDto.From(await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct));
        await groups.InRoom(roomId).RoomUpdated(dto);
        return dto;
    }

    internal static string WildcardWire(WildcardPolicy w) => w == WildcardPolicy.Everyone ? "everyone" : "owners";

    internal static string InvitePolicyWire(InvitePolicy p) => p == InvitePolicy.Moderators ? "moderators" : "members";

    /// <summary>
    /// The room, if the caller may change its name, topic, icon and settings (EditRoom: its owners and moderators,
    /// server moderators and up). Those who can't see the room get 404.
    /// </summary>
    public async Task<Room> RequireEditorAsync(Guid me, Guid roomId, CancellationToken ct = default)
    {
        var room = await db.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, ct) ?? throw ParleyError.NotFound("Room");
        var (server, inRoom) = await Standings.OfAsync(db, me, roomId, ct);
        if (room.Kind.IsDm())
            throw inRoom is null ? ParleyError.NotFound("Room") : ParleyError.Invalid("roomId", "Direct messages have no icon, name, topic or settings.");
        if (!PermissionTable.Allows(Permission.EditRoom, server, inRoom))
        {
            if (GuestScope.Hides(room, server, inRoom is not null)) throw ParleyError.NotFound("Room");
            throw PermissionTable.Refusal(Permission.EditRoom);
        }
        return room;
    }

    /// <summary>Sets (or with null removes) the room's icon: a system line, RoomUpdated, and the old icon's file released.</summary>
    public async Task<RoomDto> SetIconAsync(Guid me, Guid roomId, Guid? iconFileId, CancellationToken ct = default)
    {
        var room = await RequireEditorAsync(me, roomId, ct);
        if (room.IconFileId == iconFileId) return RoomDto.From(room);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == me, ct);
        try
        {
            await batcher.WriteSystemLineAsync(room, me,
                iconFileId is null ? $"{user.DisplayName} removed the room icon" : $"{user.DisplayName} changed the room icon",
                async (tx, _, c) =>
                {
                    await tx.Rooms.Where(r => r.Id == roomId).ExecuteUpdateAsync(u => u.SetProperty(r => r.IconFileId, iconFileId), c);
                    if (room.IconFileId is { } old) await tx.Files.Where(f => f.Id == old).ExecuteDeleteAsync(c);
                }, ct);
        }
        finally { memberships.Forget(roomId); }
        var dto = RoomDto.From(await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct));
        await groups.InRoom(roomId).RoomUpdated(dto);
        return dto;
    }

    /// <summary>The DM or group DM of exactly these people (and the caller): the existing one, or a new one.</summary>
    public async Task<(RoomSummary Room, bool Created)> OpenDmAsync(Guid me, OpenDmRequest req, CancellationToken ct = default)
    {
        var others = (req.UserIds ?? []).Where(id => id != me).Distinct().ToList();
        if (others.Count == 0) throw ParleyError.Invalid("userIds", "Pick at least one other person.");
        if (others.Count + 1 > MaxGroupDm) throw ParleyError.Invalid("userIds", $"A group message has at most {MaxGroupDm} people.");
        await GuestScope.RequireReachableAsync(db, me, others, ct);
        var found = await db.Users.AsNoTracking().CountAsync(u => others.Contains(u.Id) && u.DeactivatedAt == null, ct);
        if (found != others.Count) throw new ParleyError(404, "One or more of those people do not exist.", "userIds");

        var everyone = others.Append(me).OrderBy(id => id).ToList();
        var key = string.Join(",", everyone.Select(id => id.ToString("N")));
        if (await db.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.DmKey == key, ct) is { } existing)
        {
            // Someone who left a group message and opens it again comes back into it, unless they couldn't start it now
            // (someone in it blocked them, or takes messages from friends only): back in, they would read all since.
            if (!await db.RoomMembers.AnyAsync(x => x.RoomId == existing.Id && x.UserId == me, ct))
            {
                await blocking.RequireCanOpenDmAsync(me, others, ct);
                var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == me, ct);
                await AnnounceJoinsAsync(existing.Id, await AddMembersAsync(existing, user, [user], ct), ct);
            }
            return (await SummaryAsync(me, existing.Id, ct), false);
        }

        await blocking.RequireCanOpenDmAsync(me, others, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var room = new Room
        {
            Id = Guid.CreateVersion7(), Kind = others.Count == 1 ? RoomKind.Direct : RoomKind.Group, Name = "",
            DmKey = key, CreatedById = me, CreatedAt = now, LastActivityAt = now,
        };
        db.Rooms.Add(room);
        foreach (var id in everyone)
            db.RoomMembers.Add(new RoomMember { RoomId = room.Id, UserId = id, Role = id == me && room.Kind == RoomKind.Group ? MemberRole.Owner : MemberRole.Member, JoinedAt = now });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            var twin = await db.Rooms.AsNoTracking().FirstAsync(r => r.DmKey == key, ct);
            return (await SummaryAsync(me, twin.Id, ct), false);
        }

        foreach (var id in everyone)
        {
            await groups.AddUserToRoomAsync(id, room.Id);
            await groups.ToUser(id).RoomAdded(await SummaryAsync(id, room.Id, ct));
        }
        return (await SummaryAsync(me, room.Id, ct), true);
    }

    public async Task<IReadOnlyList<RoomSummary>> ListMineAsync(Guid me, CancellationToken ct = default) =>
        await SummariesAsync(me, null, ct);

    public async Task<RoomSummary> SummaryAsync(Guid me, Guid roomId, CancellationToken ct = default) =>
        (await SummariesAsync(me, roomId, ct)).FirstOrDefault() ?? throw ParleyError.NotFound("Room");

    private async Task<List<RoomSummary>> SummariesAsync(Guid me, Guid? only, CancellationToken ct)
    {
        var mine = db.RoomMembers.AsNoTracking().Where(m => m.UserId == me);
        if (only is { } id) mine = mine.Where(m => m.RoomId == id);
        var rows = await mine
            .Join(db.Rooms, m => m.RoomId, r => r.Id, (m, r) => new { Room = r, Member = m })
            .OrderByDescending(x => x.Room.LastActivityAt)
            .Select(x => new
            {
                x.Room,
                x.Member,
                Unread = db.Messages.Where(msg => msg.RoomId == x.Room.Id && msg.Seq > x.Member.LastReadSeq
                                                  && msg.Seq > x.Room.LastSeq - UnreadLimits.Window && msg.SenderId != me
                                                  && msg.Kind == MessageKind.Text && msg.DeletedAt == null
                                                  && (msg.ThreadRootId == null || msg.AlsoToRoom))
                    .OrderBy(msg => msg.Seq).Take(UnreadLimits.Cap).Count(),
                Mentioned = db.Mentions.Where(mn => mn.UserId == me && mn.RoomId == x.Room.Id && mn.Seq > x.Member.LastReadSeq)
                    .OrderBy(mn => mn.Seq).Take(UnreadLimits.Cap).Count(),
                // The id only: an entity here becomes ROW_NUMBER() over every message of every room; a scalar is one
                // backwards step on the (room, seq) index.
                // Thread-only replies show in their thread alone, so not as the room's last message either.
                LastId = db.Messages.Where(msg => msg.RoomId == x.Room.Id && (msg.ThreadRootId == null || msg.AlsoToRoom))
                    .OrderByDescending(msg => msg.Seq).Select(msg => (Guid?)msg.Id).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var dmIds = rows.Where(r => r.Room.Kind.IsDm()).Select(r => r.Room.Id).ToList();
        var dmMembers = dmIds.Count == 0
            ? Enumerable.Empty<(Guid RoomId, UserDto User)>().ToLookup(x => x.RoomId, x => x.User)
            : (await db.RoomMembers.AsNoTracking().Where(m => dmIds.Contains(m.RoomId))
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.RoomId, User = u })
                .ToListAsync(ct))
                .ToLookup(x => x.RoomId, x => UserDto.From(x.User));
        var lastIds = rows.Where(r => r.LastId is not null).Select(r => r.LastId!.Value).ToList();
        var lastRows = lastIds.Count == 0 ? [] : await db.Messages.AsNoTracking().Where(m => lastIds.Contains(m.Id)).ToListAsync(ct);
        var lasts = await MessageDtos.BuildAsync(db, lastRows, ct);
        var lastByRoom = lasts.ToDictionary(m => m.RoomId);

        return rows.Select(r => new RoomSummary(
                RoomDto.From(r.Room), r.Member.Role.Wire(), r.Member.LastReadSeq, r.Unread,
                lastByRoom.GetValueOrDefault(r.Room.Id),
                r.Room.Kind.IsDm() ? dmMembers[r.Room.Id].ToList() : null,
                r.Mentioned, r.Member.NotificationLevel.Wire()))
            .ToList();
    }

    public async Task<IReadOnlyList<PublicRoom>> BrowsePublicAsync(Guid me, string? q, int? limit, CancellationToken ct = default)
    {
        PermissionTable.Require(Permission.BrowsePublicRooms, await db.ServerRoleOfAsync(me, ct));
        var take = Math.Clamp(limit ?? 50, 1, 200);
        var rooms = db.Rooms.AsNoTracking().Where(r => r.Kind == RoomKind.Public && r.ArchivedAt == null); // archived: out of the directory
        if (!string.IsNullOrWhiteSpace(q))
        {
            var needle = q.Trim().ToLowerInvariant();
            rooms = rooms.Where(r => r.NameKey!.Contains(needle) || r.Topic.ToLower().Contains(needle));
        }
        var rows = await rooms.OrderBy(r => r.NameKey).Take(take)
            .Select(r => new
            {
                Room = r,
                Count = db.RoomMembers.Count(m => m.RoomId == r.Id),
                Joined = db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == me),
            })
            .ToListAsync(ct);
        return rows.Select(r => new PublicRoom(RoomDto.From(r.Room), r.Count, r.Joined)).ToList();
    }

    public async Task<RoomDetail> GetAsync(Guid me, Guid roomId, CancellationToken ct = default)
    {
        var room = await access.RequireReadableAsync(me, roomId, ct);
        var members = await MembersAsync(roomId, ct);
        return new RoomDetail(RoomDto.From(room), members, members.Any(m => m.UserId == me));
    }

    public async Task<IReadOnlyList<MemberDto>> MembersOfAsync(Guid me, Guid roomId, CancellationToken ct = default)
    {
        await access.RequireReadableAsync(me, roomId, ct);
        return await MembersAsync(roomId, ct);
    }

    private async Task<List<MemberDto>> MembersAsync(Guid roomId, CancellationToken ct) =>
        (await db.RoomMembers.AsNoTracking().Where(m => m.RoomId == roomId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u })
            .OrderBy(x => x.m.JoinedAt)
            .ToListAsync(ct))
        .Select(x => ToMember(x.u, x.m)).ToList();

    internal static MemberDto ToMember(User u, RoomMember m) => new(u.Id, u.UserName!, u.DisplayName, m.Role.Wire(), m.JoinedAt, Users.AvatarUrl(u.AvatarFileId));

    private static string CheckName(string? name)
    {
        if (AccountRules.LineProblem(name, "Room name", MaxName, required: true) is { } p) throw ParleyError.Invalid("name", p);
        return name!.Trim();
    }

    private static string CheckTopic(string? topic)
    {
        if (AccountRules.LineProblem(topic, "Topic", MaxTopic, required: false) is { } p) throw ParleyError.Invalid("topic", p);
        return topic?.Trim() ?? "";
    }
}
