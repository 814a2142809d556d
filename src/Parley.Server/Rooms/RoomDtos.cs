using Parley.Server.Accounts;
using Parley.Server.Messages;

namespace Parley.Server.Rooms;

public sealed record CreateRoomRequest(string? Name, string? Topic, string? Visibility);
public sealed record UpdateRoomRequest(string? Name, string? Topic, string? WildcardMentions = null, bool? ReadOnly = null,
    int? SlowModeSeconds = null, string? InvitePolicy = null, bool? MembersMayPin = null);
public sealed record NotificationLevelRequest(string? Level);
public sealed record InviteRequest(IReadOnlyList<Guid>? UserIds);
public sealed record OpenDmRequest(IReadOnlyList<Guid>? UserIds);

/// <summary>
/// A room's own fields. kind: public, private, dm or group. readOnly: only moderators post; slowModeSeconds: 0 or the
/// interval between a member's messages; invitePolicy: members or moderators; membersMayPin: members pin too; archived: read-only for everyone.
/// </summary>
public sealed record RoomDto(Guid Id, string Kind, string Name, string Topic, Guid CreatedById, DateTime CreatedAt,
    long LastSeq, long LastRev, DateTime LastActivityAt, string? IconUrl, string WildcardMentions,
    bool ReadOnly = false, int SlowModeSeconds = 0, string InvitePolicy = "members", bool Archived = false, bool MembersMayPin = false)
{
    public static RoomDto From(Room r) => new(r.Id, r.Kind.Wire(), r.Name, r.Topic, r.CreatedById, r.CreatedAt, r.LastSeq, r.LastRev, r.LastActivityAt,
        r.IconFileId is { } icon ? Files.FileDto.ContentUrl(icon) : null,
        RoomService.WildcardWire(r.WildcardMentions), r.ReadOnly, r.SlowModeSeconds, RoomService.InvitePolicyWire(r.InvitePolicy), r.ArchivedAt is not null,
        r.MembersMayPin);
}

public sealed record MemberDto(Guid UserId, string UserName, string DisplayName, string Role, DateTime JoinedAt, string? AvatarUrl);

/// <summary>A room with its members, for those who may read it.</summary>
public sealed record RoomDetail(RoomDto Room, IReadOnlyList<MemberDto> Members, bool Joined);

/// <summary>
/// One line of "my conversations". members: everyone in a DM or group DM (null for rooms). mentionCount: unread
/// messages that mention you. notificationLevel: default, all, mentions or none.
/// </summary>
public sealed record RoomSummary(RoomDto Room, string Role, long LastReadSeq, int UnreadCount,
    MessageDto? LastMessage, IReadOnlyList<UserDto>? Members, int MentionCount, string NotificationLevel);

/// <summary>A public room in the directory.</summary>
public sealed record PublicRoom(RoomDto Room, int MemberCount, bool Joined);

public static class NotificationLevels
{
    public static string Wire(this NotificationLevel level) => level switch
    {
        NotificationLevel.All => "all",
        NotificationLevel.Mentions => "mentions",
        NotificationLevel.None => "none",
        _ => "default",
    };

    public static NotificationLevel? Parse(string? wire) => wire switch
    {
        "default" => NotificationLevel.Default,
        "all" => NotificationLevel.All,
        "mentions" => NotificationLevel.Mentions,
        "none" => NotificationLevel.None,
        _ => null,
    };
}
