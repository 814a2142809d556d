namespace Parley.Server.Moderation;

/// <summary>What a role may do; who may is in <see cref="PermissionTable"/>, the one place that says.</summary>
public enum Permission
{
    CreateRoom,
    BrowsePublicRooms,
    /// <summary>Open a DM or group DM with someone who shares no room with you.</summary>
    MessageAnyone,
    ReportMessage,
    /// <summary>Add people to a room (a room set to "moderators invite" asks for a room moderator).</summary>
    InviteMembers,
    /// <summary>Name, topic, icon, who may use @room/@here, read-only, slow mode, who may invite.</summary>
    EditRoom,
    SetRoomRoles,
    KickMember,
    BanMember,
    TimeoutInRoom,
    TimeoutServerWide,
    DeleteAnyMessage,
    PostInReadOnlyRoom,
    SkipSlowMode,
    ArchiveRoom,
    DeleteRoom,
    TransferRoom,
    ReviewReports,
    ReadAuditLog,
    /// <summary>Server roles, deactivation and reactivation, ending someone's sessions.</summary>
    ManageUsers,
    /// <summary>Server settings, registration mode, invite links.</summary>
    ManageServer,
    OpenAdminConsole,
    /// <summary>Start a voice or video call in a conversation (joining one needs only membership).</summary>
    StartCall,
    /// <summary>Mute or remove someone in a call, or end it for everyone (its starter may end it too).</summary>
    ManageCalls,
    /// <summary>Pin or unpin a message in a room (a room set to "members may pin", and every DM, let members too).</summary>
    PinMessages,
    /// <summary>Close someone else's poll in a room (a poll's author may always close their own).</summary>
    ClosePolls,
    /// <summary>Add a custom emoji, where the server's setting <c>customEmoji</c> is <c>everyone</c>.</summary>
    AddCustomEmoji,
    /// <summary>Remove anyone's custom emoji; and add them where the setting <c>customEmoji</c> is <c>admins</c> (the default).</summary>
    ManageCustomEmoji,
}
