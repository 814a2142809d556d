// Hub event names, mirroring Parley.Server.Realtime.IChatClient.
export const HubEvents = {
  MessageCreated: "MessageCreated",
  // Several new messages of one room from one commit, in seq order: exactly their MessageCreated events (hubEventBus.ts).
  MessagesCreated: "MessagesCreated",
  MessageEdited: "MessageEdited",
  MessageDeleted: "MessageDeleted",
  ReactionsChanged: "ReactionsChanged",
  MemberJoined: "MemberJoined",
  MemberLeft: "MemberLeft",
  MemberUpdated: "MemberUpdated",
  RoomUpdated: "RoomUpdated",
  RoomAdded: "RoomAdded",
  RoomRemoved: "RoomRemoved",
  UserTyping: "UserTyping",
  TypingStopped: "TypingStopped",
  ReadMarked: "ReadMarked",
  UserUpdated: "UserUpdated",
  PresenceChanged: "PresenceChanged",
  FriendshipChanged: "FriendshipChanged",
  SettingsChanged: "SettingsChanged",
  BlocksChanged: "BlocksChanged",
  NotificationLevelChanged: "NotificationLevelChanged",
  ReceiptChanged: "ReceiptChanged",
  SessionEnded: "SessionEnded",
  // Issue 17: to server moderators, so the reports queue updates live.
  ReportFiled: "ReportFiled",
  // To your own connections: an admin changed your server role (what you may do changed at once).
  ServerRoleChanged: "ServerRoleChanged",
  // Calls (issue 19).
  CallRinging: "CallRinging",
  CallRingingStopped: "CallRingingStopped",
  CallUpdated: "CallUpdated",
  CallEnded: "CallEnded",
  CallSignal: "CallSignal",
  CallMuteRequested: "CallMuteRequested",
  CallLeftHere: "CallLeftHere",
  SfuOffer: "SfuOffer",
  // Link previews made (or removed by the sender) after a send or an edit (issue 21).
  MessagePreviews: "MessagePreviews",
  // Pins and saved messages (issue 21).
  MessagePinned: "MessagePinned",
  SavedChanged: "SavedChanged",
  // Threads (issue 21): a root's summary changed (to the room); your own thread state changed (to you).
  ThreadChanged: "ThreadChanged",
  ThreadStateChanged: "ThreadStateChanged",
  // Polls (issue 21): results changed (to the room); your own choice (to you).
  PollChanged: "PollChanged",
  PollVoted: "PollVoted",
  // Custom emoji (issue 21): to every connection.
  CustomEmojiChanged: "CustomEmojiChanged",
  // Scheduled messages (issue 21): one of mine was created, edited, sent, failed or cancelled (to me).
  ScheduledChanged: "ScheduledChanged",
  // Sidebar sections (issue 21): your whole layout, after any change from any tab.
  SidebarChanged: "SidebarChanged",
} as const;

export type HubEventName = (typeof HubEvents)[keyof typeof HubEvents];

// Hub method names, mirroring Parley.Server.Realtime.ChatHub.
export const HubMethods = {
  SendMessage: "SendMessage",
  EditMessage: "EditMessage",
  DeleteMessage: "DeleteMessage",
  ToggleReaction: "ToggleReaction",
  MarkRead: "MarkRead",
  Typing: "Typing",
  StopTyping: "StopTyping",
  SetPresence: "SetPresence",
  SetIdle: "SetIdle",
  GetPresence: "GetPresence",
  Sync: "Sync",
  StartCall: "StartCall",
  JoinCall: "JoinCall",
  DeclineCall: "DeclineCall",
  LeaveCall: "LeaveCall",
  EndCall: "EndCall",
  SignalCall: "SignalCall",
  UpdateCallMedia: "UpdateCallMedia",
  MuteCallParticipant: "MuteCallParticipant",
  RemoveCallParticipant: "RemoveCallParticipant",
  GetActiveCall: "GetActiveCall",
  GetMyCalls: "GetMyCalls",
  SfuPublish: "SfuPublish",
  SfuAnswer: "SfuAnswer",
  SfuCandidate: "SfuCandidate",
  SfuRestart: "SfuRestart",
  VotePoll: "VotePoll",
  ClosePoll: "ClosePoll",
} as const;
