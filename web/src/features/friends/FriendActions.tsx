import { useState } from "react";
import { errorText } from "../../api/client";
import type { UserDto } from "../../api/types";
import { useStore } from "../../lib/store";
import { useSession } from "../chat/session";

/** On someone's profile card: add friend, accept/decline their request, cancel yours, or remove the friendship. */
export function FriendActions({ user }: { user: UserDto }) {
  const { friends } = useSession();
  // Re-renders whenever the lists change (stateOf reads them).
  useStore(friends, (s) => s);
  const state = friends.stateOf(user.id);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<void>) => {
    setError(null);
    action().catch((e) => setError(errorText(e)));
  };
  return (
    <>
      {state === "none" && <button type="button" onClick={() => run(() => friends.request(user))}>Add friend</button>}
      {state === "outgoing" && <button type="button" onClick={() => run(() => friends.cancel(user))}>Cancel friend request</button>}
      {state === "incoming" && (
        <>
          <button type="button" onClick={() => run(() => friends.accept(user.id))}>Accept friend request</button>
          <button type="button" onClick={() => run(() => friends.decline(user))}>Decline</button>
        </>
      )}
      {state === "friends" && <button type="button" onClick={() => run(() => friends.remove(user))}>Remove friend</button>}
      {error && <div role="alert" className="alert">{error}</div>}
    </>
  );
}
