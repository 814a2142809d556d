import { useEffect, useState, type ReactNode } from "react";
import { api, errorText } from "../../api/client";
import type { UserDto } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { useStore } from "../../lib/store";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { useSession } from "../chat/session";
import { navigateToRoom } from "../chat/route";
import { PersonAvatar } from "../presence/PersonAvatar";
import { PRESENCE_LABEL, usePresence } from "../presence/PresenceDot";

/** Friends with their presence, requests to answer or cancel, and "Add friend" (search people). */
export function FriendsDialog({ onClose, onShowProfile }: { onClose: () => void; onShowProfile: (userId: string) => void }) {
  const { friends } = useSession();
  const chat = useChatStore();
  const meId = useChatSelector((s) => s.me.id);
  const list = useStore(friends, (s) => s.friends);
  const incoming = useStore(friends, (s) => s.incoming);
  const outgoing = useStore(friends, (s) => s.outgoing);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<UserDto[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (!q) return setFound([]);
    let cancelled = false;
    const t = setTimeout(() => {
      api.users(q, 10).then((l) => !cancelled && setFound(l.filter((u) => u.id !== meId))).catch((e) => !cancelled && setError(errorText(e)));
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [query, meId]);

  const run = (action: () => Promise<void>) => {
    setError(null);
    action().catch((e) => setError(errorText(e)));
  };

  async function message(u: UserDto) {
    const s = await chat.openDm([u.id]);
    onClose();
    navigateToRoom(s.room.id);
  }

  return (
    <Dialog label="Friends" onClose={onClose} className="friends-dialog">
      <div className="dialog-body">
        <section aria-labelledby="add-friend-h">
          <h3 id="add-friend-h">Add friend</h3>
          <input type="search" aria-label="Find people to add" placeholder="Find people by name" value={query}
            onChange={(e) => setQuery(e.target.value)} autoFocus />
          {found.length > 0 && (
            <ul className="people-list" aria-label="People found">
              {found.map((u) => {
                const state = friends.stateOf(u.id);
                return (
                  <Row key={u.id} user={u} onShowProfile={onShowProfile}>
                    {state === "friends" ? <span className="muted">Friends</span>
                      : state === "outgoing" ? <span className="muted">Request sent</span>
                      : state === "incoming" ? <button type="button" className="primary" onClick={() => run(() => friends.accept(u.id))}>Accept</button>
                      : <button type="button" className="primary" aria-label={`Add ${u.displayName} as a friend`} onClick={() => run(() => friends.request(u))}>Add friend</button>}
                  </Row>
                );
              })}
            </ul>
          )}
        </section>
        {error && <div role="alert" className="alert">{error}</div>}
        {incoming.length > 0 && (
          <section aria-labelledby="incoming-h">
            <h3 id="incoming-h">Friend requests <span className="count">{incoming.length}</span></h3>
            <ul className="people-list" aria-label="Friend requests">
              {incoming.map((f) => (
                <Row key={f.user.id} user={f.user} onShowProfile={onShowProfile}>
                  <button type="button" className="primary" aria-label={`Accept ${f.user.displayName}`} onClick={() => run(() => friends.accept(f.user.id))}>Accept</button>
                  <button type="button" aria-label={`Decline ${f.user.displayName}`} onClick={() => run(() => friends.decline(f.user))}>Decline</button>
                </Row>
              ))}
            </ul>
          </section>
        )}
        {outgoing.length > 0 && (
          <section aria-labelledby="outgoing-h">
            <h3 id="outgoing-h">Sent requests</h3>
            <ul className="people-list" aria-label="Sent requests">
              {outgoing.map((f) => (
                <Row key={f.user.id} user={f.user} onShowProfile={onShowProfile}>
                  <button type="button" aria-label={`Cancel request to ${f.user.displayName}`} onClick={() => run(() => friends.cancel(f.user))}>Cancel</button>
                </Row>
              ))}
            </ul>
          </section>
        )}
        <section aria-labelledby="friends-h">
          <h3 id="friends-h">Friends <span className="count">{list.length}</span></h3>
          <ul className="people-list" aria-label="Friends">
            {list.map((f) => (
              <Row key={f.user.id} user={f.user} onShowProfile={onShowProfile} showPresence>
                <button type="button" onClick={() => run(() => message(f.user))}>Message</button>
                <button type="button" aria-label={`Remove ${f.user.displayName} from friends`} onClick={() => run(() => friends.remove(f.user))}>Remove</button>
              </Row>
            ))}
            {list.length === 0 && <li className="muted">No friends yet. Find people above to add them.</li>}
          </ul>
        </section>
      </div>
    </Dialog>
  );
}

function Row({ user, children, onShowProfile, showPresence }: { user: UserDto; children: ReactNode; onShowProfile: (id: string) => void; showPresence?: boolean }) {
  const status = usePresence(user.id);
  return (
    <li className="person-row">
      <button type="button" className="person-main" onClick={() => onShowProfile(user.id)} aria-label={`${user.displayName}, profile`}>
        <PersonAvatar userId={user.id} name={user.displayName} url={user.avatarUrl} size="sm" decorative />
        <span className="person-text">
          <span className="person-name">{user.displayName}</span>
          <small>{showPresence && status ? `${PRESENCE_LABEL[status]} · ` : ""}@{user.userName}</small>
        </span>
      </button>
      <span className="person-actions">{children}</span>
    </li>
  );
}
