import { useEffect, useState } from "react";

/** The open conversation lives in the URL: /r/{roomId}. */
export function roomIdFromPath(path: string): string | null {
  const m = /^\/r\/([0-9a-fA-F-]{36})\/?$/.exec(path);
  return m ? m[1]!.toLowerCase() : null;
}

export function navigateToRoom(roomId: string | null, replace = false): void {
  const path = roomId ? `/r/${roomId}` : "/";
  if (location.pathname === path) return;
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  window.dispatchEvent(new Event("parley:navigate"));
}

export function useRoomRoute(): string | null {
  const [roomId, setRoomId] = useState(() => roomIdFromPath(location.pathname));
  useEffect(() => {
    const update = () => setRoomId(roomIdFromPath(location.pathname));
    window.addEventListener("popstate", update);
    window.addEventListener("parley:navigate", update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener("parley:navigate", update);
    };
  }, []);
  return roomId;
}
