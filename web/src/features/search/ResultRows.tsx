import { useEffect } from "react";
import type { FileHit, MessageHit, PersonHit, SearchRoom } from "../../api/types";
import { Avatar } from "../../components/Avatar";
import { Icon } from "../../components/Icon";
import { RelativeTime } from "../../components/RelativeTime";
import { humanSize } from "../../lib/files";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { Snippet } from "./Snippet";

interface RowProps<T> {
  hit: T;
  index: number;
  active: boolean;
  onHover: (i: number) => void;
  onOpen: (i: number) => void;
}

/** `#room` for rooms; for DMs and groups the server names the other people. */
export function placeName(room: SearchRoom): string {
  return room.kind === "public" || room.kind === "private" ? `#${room.name}` : room.name || "Direct message";
}

function useSender(userId: string | undefined): string {
  const chat = useChatStore();
  const user = useChatSelector((s) => (userId ? s.users[userId] : undefined));
  useEffect(() => {
    if (userId) chat.ensureUser(userId);
  }, [chat, userId]);
  return user?.displayName ?? "…";
}

function Option({ index, active, onHover, onOpen, kind, id, children }: Omit<RowProps<unknown>, "hit"> & {
  kind: string; id: string; children: React.ReactNode;
}) {
  return (
    <li id={`search-opt-${index}`} role="option" aria-selected={active} className={`search-result ${active ? "active" : ""}`}
      data-testid={`search-${kind}`} data-id={id} onMouseEnter={() => onHover(index)} onClick={() => onOpen(index)}>
      {children}
    </li>
  );
}

export function MessageRow({ hit, ...row }: RowProps<MessageHit>) {
  const sender = useSender(hit.message.senderId);
  return (
    <Option {...row} kind="message" id={hit.message.id}>
      <span className="search-result-head">
        <strong>{sender}</strong>
        <span className="muted"> in {placeName(hit.room)} · </span>
        <RelativeTime iso={hit.message.createdAt} className="muted" />
      </span>
      <Snippet text={hit.snippet} className="search-snippet" />
    </Option>
  );
}

export function FileRow({ hit, ...row }: RowProps<FileHit>) {
  const sender = useSender(hit.message?.senderId);
  return (
    <Option {...row} kind="file" id={hit.file.id}>
      <span className="search-result-head">
        <Icon name={hit.file.kind === "image" ? "image" : "file"} size={16} />
        <strong className="search-file-name">{hit.file.name}</strong>
        <span className="muted"> {humanSize(hit.file.size)}</span>
      </span>
      <span className="muted">
        {hit.message ? <>{sender} in {placeName(hit.room)} · <RelativeTime iso={hit.message.createdAt} /></> : placeName(hit.room)}
      </span>
    </Option>
  );
}

export function PersonRow({ hit, ...row }: RowProps<PersonHit>) {
  return (
    <Option {...row} kind="person" id={hit.id}>
      <span className="search-person">
        <Avatar userId={hit.id} name={hit.displayName} url={hit.avatarUrl} size="sm" />
        <strong>{hit.displayName}</strong>
        <span className="muted">@{hit.userName}</span>
        {hit.sharesRoom && <span className="muted search-shared">· in a conversation with you</span>}
      </span>
    </Option>
  );
}
