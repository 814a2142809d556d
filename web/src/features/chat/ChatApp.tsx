import { useCallback, useEffect, useMemo, useState } from "react";
import type { MeDto } from "../../api/types";
import { ChatContext, useChatSelector, useChatStore } from "./useChat";
import { ChatStore } from "./chatStore";
import { navigateToRoom, useRoomRoute } from "./route";
import { Sidebar } from "../sidebar/Sidebar";
import { RoomView } from "../timeline/RoomView";
import { ConnectionBanner } from "./ConnectionBanner";
import { Notice } from "./Notice";
import { DialogHost, type OpenDialog } from "../dialogs/DialogHost";
import { loadEmojiIndex } from "../emoji/emojiData";
import { setShortcodes } from "../../lib/markdown";
import { sortSummaries } from "../../lib/unread";

interface Props {
  me: MeDto;
  onSignedOut: () => void;
}

/** The signed-in app: owns the chat store for this session. */
export function ChatApp({ me, onSignedOut }: Props) {
  const store = useMemo(() => new ChatStore(me, onSignedOut), [me, onSignedOut]);
  useEffect(() => {
    void store.start();
    loadEmojiIndex().then((index) => {
      setShortcodes(index.byShortcode);
      store.setEmoji(index);
    }).catch(() => undefined);
    return () => void store.dispose();
  }, [store]);
  return (
    <ChatContext.Provider value={store}>
      <Shell />
    </ChatContext.Provider>
  );
}

function Shell() {
  const store = useChatStore();
  const summaries = useChatSelector((s) => s.summaries);
  const roomsLoaded = useChatSelector((s) => s.roomsLoaded);
  const currentRoomId = useChatSelector((s) => s.currentRoomId);
  const routeRoomId = useRoomRoute();
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const openDrawer = useCallback(() => setDrawerOpen(true), []);

  // Follow the URL; without one, open the most recent conversation.
  useEffect(() => {
    if (!roomsLoaded) return;
    if (routeRoomId && summaries[routeRoomId]) {
      store.openRoom(routeRoomId);
    } else {
      const first = sortSummaries(Object.values(summaries))[0];
      if (first) navigateToRoom(first.room.id, true);
      else store.openRoom(null);
    }
  }, [routeRoomId, roomsLoaded, summaries, store]);

  // Unread total in the tab title, as chat apps do.
  const totalUnread = Object.values(summaries).reduce((n, s) => n + s.unreadCount, 0);
  useEffect(() => {
    document.title = totalUnread > 0 ? `(${totalUnread}) Parley` : "Parley";
    return () => {
      document.title = "Parley";
    };
  }, [totalUnread]);

  // Ctrl/Cmd+K: quick switcher.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setDialog({ kind: "jump" });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // The URL decides what is shown, so a navigation and a dialog closing land in the same render.
  const currentId = routeRoomId && summaries[routeRoomId] ? routeRoomId : currentRoomId;
  const current = currentId ? summaries[currentId] : undefined;
  const modal = dialog !== null;
  return (
    <div className={`shell ${drawerOpen ? "drawer-open" : ""}`}>
      <Sidebar
        inert={modal}
        onOpenDialog={setDialog}
        onSignOut={() => void store.signOut()}
        onNavigate={() => setDrawerOpen(false)}
      />
      <div className="drawer-scrim" onClick={() => setDrawerOpen(false)} aria-hidden="true" />
      <main className="main" inert={modal}>
        <ConnectionBanner />
        {current ? (
          <RoomView key={current.room.id} summary={current} modal={modal} onOpenDialog={setDialog} onOpenDrawer={openDrawer} />
        ) : (
          <div className="empty-main">
            <button type="button" className="icon-button drawer-toggle" aria-label="Open conversations" onClick={() => setDrawerOpen(true)}>☰</button>
            {roomsLoaded ? (
              <div className="empty-state">
                <h1>Welcome to Parley</h1>
                <p>Join a room or start a conversation.</p>
                <div className="row">
                  <button type="button" className="primary" onClick={() => setDialog({ kind: "browse" })}>Browse rooms</button>
                  <button type="button" onClick={() => setDialog({ kind: "newMessage" })}>New message</button>
                </div>
              </div>
            ) : <div className="splash">Loading…</div>}
          </div>
        )}
        <Notice />
      </main>
      <DialogHost dialog={dialog} onClose={() => setDialog(null)} onOpen={setDialog} />
    </div>
  );
}
