using Parley.Server.Infrastructure;
using Parley.Server.Rooms;

namespace Parley.Server.Moderation;

/// <summary>
/// Who may do what, at which scope: the one table REST and the hub both check (docs/permissions.md shows it).
/// A permission is granted anywhere from a server role up, or in a room from a room role up in that room; guests get
/// a room role's grant only where the rule says so. Acting on another person (kick, ban, timeout, roles) also needs
/// a higher standing than theirs (<see cref="Outranks"/>).
/// </summary>
public static class PermissionTable
{
    /// <param name="Anywhere">The least server role that may, in every room; null: no server role is enough.</param>
    /// <param name="InRoom">The least role in a room that may, in that room; null: a room role is not enough.</param>
    /// <param name="Guests">Whether a guest's room role counts (guests never get more than the rule's room grant).</param>
    /// <param name="Refusal">What the refused caller reads.</param>
    public sealed record Rule(Permission Permission, ServerRole? Anywhere, MemberRole? InRoom, bool Guests, string Refusal);

    public static readonly IReadOnlyList<Rule> Rules =
    [
        new(Permission.CreateRoom, ServerRole.Member, null, false, "Guests can't create rooms."),
        new(Permission.BrowsePublicRooms, ServerRole.Member, null, false, "Guests see only the rooms they were invited to."),
        new(Permission.MessageAnyone, ServerRole.Member, null, false, "Guests can message only people who share a room with them."),
        new(Permission.ReportMessage, ServerRole.Guest, null, true, "You can't report messages."),
        new(Permission.InviteMembers, ServerRole.Moderator, MemberRole.Member, false, "You may not add people to this room."),
        new(Permission.EditRoom, ServerRole.Moderator, MemberRole.Moderator, true, "Only the room's owner and moderators can change its settings."),
        new(Permission.SetRoomRoles, ServerRole.Admin, MemberRole.Owner, true, "Only the room's owner can change roles in it."),
        new(Permission.KickMember, ServerRole.Moderator, MemberRole.Moderator, true, "Only moderators can remove people from a room."),
        new(Permission.BanMember, ServerRole.Moderator, MemberRole.Moderator, true, "Only moderators can ban people from a room."),
        new(Permission.TimeoutInRoom, ServerRole.Moderator, MemberRole.Moderator, true, "Only moderators can time people out."),
        new(Permission.TimeoutServerWide, ServerRole.Moderator, null, false, "Only server moderators can time people out everywhere."),
        new(Permission.DeleteAnyMessage, ServerRole.Moderator, MemberRole.Moderator, true, "Only moderators can remove other people's messages."),
        new(Permission.PostInReadOnlyRoom, ServerRole.Moderator, MemberRole.Moderator, true, "Only moderators can post in this room."),
        new(Permission.SkipSlowMode, ServerRole.Moderator, MemberRole.Moderator, true, "Slow mode is on in this room."),
        new(Permission.StartCall, null, MemberRole.Member, true, "You may not start calls in this conversation."),
        new(Permission.ManageCalls, ServerRole.Moderator, MemberRole.Moderator, true, "Only moderators can mute or remove people in a call, or end someone else's call."),
        new(Permission.PinMessages, ServerRole.Moderator, MemberRole.Moderator, true, "Only moderators can pin messages in this room."),
        new(Permission.ClosePolls, ServerRole.Moderator, MemberRole.Moderator, true, "Only the poll's author and moderators can close it."),
        new(Permission.ArchiveRoom, ServerRole.Admin, MemberRole.Owner, true, "Only the room's owner and admins can archive it."),
        new(Permission.DeleteRoom, ServerRole.Admin, null, false, "Only admins can delete rooms."),
        new(Permission.TransferRoom, ServerRole.Admin, MemberRole.Owner, true, "Only the room's owner and admins can hand it over."),
        new(Permission.ReviewReports, ServerRole.Moderator, null, false, "Only moderators can see reports."),
        new(Permission.ReadAuditLog, ServerRole.Admin, null, false, "Only admins can read the audit log."),
        new(Permission.ManageUsers, ServerRole.Admin, null, false, "Only admins can manage accounts."),
        new(Permission.ManageServer, ServerRole.Admin, null, false, "Only admins can change the server's settings."),
        new(Permission.OpenAdminConsole, ServerRole.Admin, null, false, "Only admins can open the console."),
        new(Permission.AddCustomEmoji, ServerRole.Member, null, false, "Guests can't add custom emoji."),
        new(Permission.ManageCustomEmoji, ServerRole.Admin, null, false, "Only admins can add custom emoji here, or remove other people's."),
    ];

    private static readonly Rule[] ByPermission = Index();

    private static Rule[] Index()
    {
        var all = Enum.GetValues<Permission>();
        var table = new Rule[all.Length];
        foreach (var rule in Rules) table[(int)rule.Permission] = rule;
        return table;
    }

    public static Rule Of(Permission permission) => ByPermission[(int)permission];

    /// <summary>Whether someone with this server role, and this role in the room (null: not a member, or no room), may.</summary>
    public static bool Allows(Permission permission, ServerRole server, MemberRole? room = null)
    {
        var rule = Of(permission);
        if (rule.Anywhere is { } anywhere && server.Rank() >= anywhere.Rank()) return true;
        return room is { } r && rule.InRoom is { } inRoom && r.Rank() >= inRoom.Rank() && (server != ServerRole.Guest || rule.Guests);
    }

    /// <summary>403 with the code <c>not_allowed</c> and the rule's sentence, unless allowed.</summary>
    public static void Require(Permission permission, ServerRole server, MemberRole? room = null)
    {
        if (!Allows(permission, server, room)) throw Refusal(permission);
    }

    public static ParleyError Refusal(Permission permission) => ParleyError.Forbidden(Of(permission).Refusal, ErrorCodes.NotAllowed);

    /// <summary>
    /// Standing where someone acts: server owner 6, admin 5, server moderator 4, room owner 3, room moderator 2,
    /// member 1, guest 0 — the higher of their server and room standing.
    /// </summary>
    public static int Standing(ServerRole server, MemberRole? room)
    {
        var fromServer = server switch
        {
            ServerRole.Owner => 6,
            ServerRole.Admin => 5,
            ServerRole.Moderator => 4,
            ServerRole.Member => 1,
            _ => 0,
        };
        var fromRoom = room switch
        {
            MemberRole.Owner => 3,
            MemberRole.Moderator => 2,
            MemberRole.Member => 1,
            _ => 0,
        };
        return Math.Max(fromServer, fromRoom);
    }

    /// <summary>Nobody acts on someone of equal or higher standing (nor on themselves): a moderator can't kick an admin.</summary>
    public static bool Outranks(ServerRole actor, MemberRole? actorInRoom, ServerRole target, MemberRole? targetInRoom) =>
        Standing(actor, actorInRoom) > Standing(target, targetInRoom);

    public static ParleyError OutrankedRefusal() =>
        ParleyError.Forbidden("You can't do that to someone whose role is equal to or above yours.", ErrorCodes.NotAllowed);
}
