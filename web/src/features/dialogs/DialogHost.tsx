import { BrowseRoomsDialog } from "./BrowseRoomsDialog";
import { CreateRoomDialog } from "./CreateRoomDialog";
import { RoomSettingsDialog } from "./RoomSettingsDialog";
import { PeoplePickerDialog } from "./PeoplePickerDialog";
import { QuickSwitcher } from "./QuickSwitcher";
import { ProfileDialog } from "../profile/ProfileDialog";
import { ProfileCard } from "../profile/ProfileCard";
import { FriendsDialog } from "../friends/FriendsDialog";
import { PeopleDialog } from "../presence/PeopleDialog";
import { MentionsDialog } from "../mentions/MentionsDialog";
import { SettingsDialog } from "../settings/SettingsDialog";
import { SecurityDialog } from "../security/SecurityDialog";
import { SearchDialog } from "../search/SearchDialog";
import { SavedDialog } from "../saved/SavedDialog";
import { JumpToDateDialog } from "../pins/JumpToDateDialog";
import { ThreadsDialog } from "../threads/ThreadsDialog";
import { CustomEmojiDialog } from "../emoji/CustomEmojiDialog";

export type OpenDialog =
  | { kind: "browse" }
  | { kind: "createRoom" }
  | { kind: "newMessage" }
  | { kind: "invite"; roomId: string }
  | { kind: "roomSettings"; roomId: string }
  | { kind: "jump" }
  | { kind: "profile" }
  | { kind: "profileCard"; userId: string }
  | { kind: "friends" }
  | { kind: "people" }
  | { kind: "mentions" }
  | { kind: "settings" }
  | { kind: "security" }
  | { kind: "search"; query?: string }
  | { kind: "saved" }
  | { kind: "jumpToDate"; roomId: string }
  | { kind: "threads" }
  | { kind: "customEmoji" };

interface Props {
  dialog: OpenDialog | null;
  onClose: () => void;
  onOpen: (d: OpenDialog) => void;
}

export function DialogHost({ dialog, onClose, onOpen }: Props) {
  if (!dialog) return null;
  const showProfile = (userId: string) => onOpen({ kind: "profileCard", userId });
  switch (dialog.kind) {
    case "browse": return <BrowseRoomsDialog onClose={onClose} />;
    case "createRoom": return <CreateRoomDialog onClose={onClose} />;
    case "newMessage": return <PeoplePickerDialog mode="newMessage" onClose={onClose} />;
    case "invite": return <PeoplePickerDialog mode="invite" roomId={dialog.roomId} onClose={onClose} />;
    case "roomSettings": return <RoomSettingsDialog roomId={dialog.roomId} onClose={onClose} />;
    case "jump": return <QuickSwitcher onClose={onClose} />;
    case "profile": return <ProfileDialog onClose={onClose} />;
    case "profileCard": return <ProfileCard userId={dialog.userId} onClose={onClose} />;
    case "friends": return <FriendsDialog onClose={onClose} onShowProfile={showProfile} />;
    case "people": return <PeopleDialog onClose={onClose} onShowProfile={showProfile} />;
    case "mentions": return <MentionsDialog onClose={onClose} />;
    case "settings": return <SettingsDialog onClose={onClose} />;
    case "security": return <SecurityDialog onClose={onClose} />;
    case "search": return <SearchDialog onClose={onClose} onShowProfile={showProfile} initialQuery={dialog.query} />;
    case "saved": return <SavedDialog onClose={onClose} />;
    case "jumpToDate": return <JumpToDateDialog roomId={dialog.roomId} onClose={onClose} />;
    case "threads": return <ThreadsDialog onClose={onClose} />;
    case "customEmoji": return <CustomEmojiDialog onClose={onClose} />;
  }
}
