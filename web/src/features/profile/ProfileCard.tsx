import { useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { UserDto } from "../../api/types";
import { PersonAvatar } from "../presence/PersonAvatar";
import { PRESENCE_LABEL } from "../presence/PresenceDot";
import { FriendActions } from "../friends/FriendActions";
import { useSession } from "../chat/session";
import { useStore } from "../../lib/store";
import { RelativeTime } from "../../components/RelativeTime";
import { Dialog } from "../../components/Dialog";
import { localTime, offsetFromHere } from "../../lib/timeZones";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";
import { MemberModerationMenu } from "../moderation/MemberModerationMenu";

/** Block or unblock: their messages hide behind a "Show" line, they can't DM you; they are not told. */
function BlockButton({ userId, name }: { userId: string; name: string }) {
  const { settings } = useSession();
  const blocked = useStore(settings, (s) => s.blocked.has(userId));
  const [error, setError] = useState<string | null>(null);
  const toggle = () => (blocked ? settings.unblock(userId) : settings.block(userId)).catch((e) => setError(errorText(e)));
  return (
    <>
      <button type="button" className={blocked ? "" : "danger"} aria-label={blocked ? `Unblock ${name}` : `Block ${name}`} onClick={() => void toggle()}>
        {blocked ? "Unblock" : "Block"}
      </button>
      {error && <div role="alert" className="alert">{error}</div>}
    </>
  );
}

/** Ticks once a minute, for clocks. */
function useMinute(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** Someone's profile: picture, name, status, bio, their local time, and a "Message" button that opens the DM. */
export function ProfileCard({ userId, onClose }: { userId: string; onClose: () => void }) {
  const store = useChatStore();
  const me = useChatSelector((s) => s.me);
  const known = useChatSelector((s) => s.users[userId]);
  const [fetched, setFetched] = useState<UserDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isMe = userId === me.id;
  // Opened from a room (its timeline or member list): moderation there is offered here too.
  const currentRoomId = useChatSelector((s) => s.currentRoomId);
  const now = useMinute();
  const { presence: presenceStore } = useSession();
  const presence = useStore(presenceStore, (s) => s.byUser[userId]);
  useEffect(() => presenceStore.track([userId]), [presenceStore, userId]);

  useEffect(() => {
    if (isMe) return;
    api.user(userId).then((u) => {
      setFetched(u);
      store.rememberUsers([u]);
    }).catch((e) => setError(errorText(e)));
  }, [userId, isMe, store]);

  // The cache follows live updates (UserUpdated); the fetch fills in what it lacked.
  const user = isMe ? me : { ...fetched, ...known };
  const name = user.displayName ?? "…";
  const userName = user.userName ?? "";
  const status = user.statusText ?? "";
  const bio = user.bio ?? "";
  const zone = user.timeZone ?? "";
  const time = localTime(zone, now);
  const offset = isMe ? null : offsetFromHere(zone, now);

  async function message() {
    try {
      const s = await store.openDm([userId]);
      onClose();
      navigateToRoom(s.room.id);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Dialog label={`About ${name}`} onClose={onClose} title={null} className="profile-card">
      <div className="profile-card-banner" aria-hidden="true" />
      <div className="dialog-body">
        <div className="profile-card-head">
          <PersonAvatar userId={userId} name={name} url={user.avatarUrl} size="xl" decorative />
          <div className="profile-card-names">
            <h2>{name}</h2>
            {userName && <div className="muted">@{userName}</div>}
            {presence && (
              <div className="profile-presence">
                <span className={`presence-dot presence-${presence.status}`} aria-hidden="true" /> {PRESENCE_LABEL[presence.status]}
                {presence.status === "offline" && presence.lastSeenAt && <span className="muted"> · Last seen <RelativeTime iso={presence.lastSeenAt} /></span>}
              </div>
            )}
          </div>
        </div>
        {status && (
          <p className="profile-status">
            {status}
            {user.statusExpiresAt && <span className="muted"> · until {new Date(user.statusExpiresAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}</span>}
          </p>
        )}
        {bio && <p className="profile-bio">{bio}</p>}
        {time && (
          <p className="profile-time">
            <span className="muted">Local time</span> <strong>{time}</strong>
            {offset && <span className="muted"> · {offset}</span>}
          </p>
        )}
        {error && <div role="alert" className="alert">{error}</div>}
        <div className="dialog-footer">
          {!isMe && fetched !== null && <FriendActions user={fetched} />}
          {!isMe && fetched !== null && <BlockButton userId={userId} name={name} />}
          {!isMe && currentRoomId && <MemberModerationMenu roomId={currentRoomId} userId={userId} name={name} placement="up" />}
          {!isMe && fetched !== null && <button type="button" className="primary" onClick={message}>Message</button>}
          {isMe && <span className="muted">This is you.</span>}
        </div>
      </div>
    </Dialog>
  );
}
