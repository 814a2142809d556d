import { useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { UserDto } from "../../api/types";
import { Avatar } from "../../components/Avatar";
import { Dialog } from "../../components/Dialog";
import { useChat, useChatStore } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";

/** Someone's profile: name, user name, status, and a "Message" button that opens the DM. */
export function ProfileCard({ userId, onClose }: { userId: string; onClose: () => void }) {
  const state = useChat();
  const store = useChatStore();
  const known = state.users[userId];
  const [user, setUser] = useState<UserDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isMe = userId === state.me.id;

  useEffect(() => {
    if (isMe) return;
    api.user(userId).then((u) => {
      setUser(u);
      store.rememberUsers([u]); // names aren't pushed live: refresh the cache while we're at it
    }).catch((e) => setError(errorText(e)));
  }, [userId, isMe, store]);

  const name = isMe ? state.me.displayName : user?.displayName ?? known?.displayName ?? "…";
  const userName = isMe ? state.me.userName : user?.userName ?? known?.userName ?? "";
  const status = isMe ? state.me.statusText : user?.statusText ?? known?.statusText ?? "";

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
      <div className="dialog-body">
        <div className="profile-card-head">
          <Avatar userId={userId} name={name} size="lg" />
          <div>
            <h2>{name}</h2>
            {userName && <div className="muted">@{userName}</div>}
          </div>
        </div>
        {status && <p className="profile-status">{status}</p>}
        {error && <div role="alert" className="alert">{error}</div>}
        <div className="dialog-footer">
          {!isMe && user !== null && <button type="button" className="primary" onClick={message}>Message</button>}
          {isMe && <span className="muted">This is you.</span>}
        </div>
      </div>
    </Dialog>
  );
}
