import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { Icon } from "../components/Icon";
import type { MeDto } from "../api/types";
import { ChatContext, useChatSelector, useChatStore } from "../features/chat/useChat";
import { ChatStore } from "../features/chat/chatStore";
import { navigateToRoom, useRoomRoute } from "../features/chat/route";
import { Sidebar } from "../features/sidebar/Sidebar";
import { RoomView } from "../features/timeline/RoomView";
import { ConnectionBanner } from "../features/chat/ConnectionBanner";
import { Notice } from "../features/chat/Notice";
import { DialogHost, type OpenDialog } from "../features/dialogs/DialogHost";
import { loadEmojiIndex } from "../features/emoji/emojiData";
import { setShortcodes } from "../lib/markdown";
import { sortSummaries } from "../lib/unread";
import { tabTitle } from "../lib/notify";
import { SessionContext, type Session } from "../features/chat/session";
import { PresenceStore } from "../features/presence/presenceStore";
import { FriendsStore } from "../features/friends/friendsStore";
import { SavedStore } from "../features/saved/savedStore";
import { SettingsStore } from "../features/settings/settingsStore";
import { AlertsStore } from "../features/notifications/alertsStore";
import { ReceiptsStore } from "../features/receipts/receiptsStore";
import { Alerts, PermissionBar } from "../features/notifications/Alerts";
import { disablePush, enablePush, registerServiceWorker } from "../features/notifications/push";
import { setFaviconBadge } from "../features/notifications/faviconBadge";
import { useAdminRoute } from "../features/admin/adminRoute";
import { opensSearch } from "../features/search/shortcut";
import { CallStore } from "../features/calls/callStore";
import { ThreadsStore } from "../features/threads/threadsStore";
import { CustomEmojiStore } from "../features/emoji/customEmojiStore";
import { ScheduledStore } from "../features/scheduling/scheduledStore";
import { SidebarStore } from "../features/sidebar/sidebarStore";
import { CallHost } from "../features/calls/CallHost";
import type { SavedState } from "../features/shell/lastState";
import { LastStateSaver } from "../features/shell/lastStateSaver";

// Most people never open the console: it loads when someone does.
const AdminConsole = lazy(() => import("../features/admin/AdminConsole").then((m) => ({ default: m.AdminConsole })));

interface Props {
  me: MeDto;
  /** reason: why the server ended the session, when it did (shown on the sign-in screen). */
  onSignedOut: (reason?: string) => void;
  /** Started without the network: the saved last state to show until connected. */
  saved?: SavedState | null;
}

/** The signed-in app: owns the chat store for this session. */
export function ChatApp({ me, onSignedOut, saved = null }: Props) {
  const session = useMemo<Session>(() => {
    const chat = new ChatStore(me, onSignedOut, saved);
    const presence = new PresenceStore(chat);
    const settings = new SettingsStore(chat);
    // The idle time follows settings.awayAfterMinutes.
    let away = 0;
    settings.subscribe(() => {
      const m = settings.getState().settings.awayAfterMinutes;
      if (m !== away) presence.setAwayAfter((away = m));
    });
    return {
      chat, presence, friends: new FriendsStore(chat), settings, alerts: new AlertsStore(chat, presence, settings), receipts: new ReceiptsStore(chat),
      calls: new CallStore(chat), saved: new SavedStore(chat), threads: new ThreadsStore(chat), customEmoji: new CustomEmojiStore(chat),
      scheduled: new ScheduledStore(chat), sidebar: new SidebarStore(chat),
    };
  }, [me, onSignedOut, saved]);
  const store = session.chat;
  useEffect(() => {
    const { presence, friends, settings, alerts, receipts, calls, saved: savedMessages, threads, customEmoji, scheduled, sidebar } = session;
    for (const s of [presence, friends, settings, alerts, receipts, calls, savedMessages, threads, customEmoji, scheduled, sidebar]) s.start();
    const saver = new LastStateSaver(store, saved);
    saver.start();
    const offSignOut = store.onSignOut(disablePush);
    void store.start();
    void registerServiceWorker().then(enablePush);
    loadEmojiIndex().then((index) => {
      setShortcodes(index.byShortcode);
      store.setEmoji(index);
    }).catch(() => undefined);
    return () => {
      saver.dispose();
      offSignOut();
      for (const s of [presence, friends, settings, alerts, receipts, calls, savedMessages, threads, customEmoji, scheduled, sidebar]) s.dispose();
      void store.dispose();
    };
  }, [store, session, saved]);
  return (
    <ChatContext.Provider value={store}>
      <SessionContext.Provider value={session}>
        <Shell />
      </SessionContext.Provider>
    </ChatContext.Provider>
  );
}

function Shell() {
  const store = useChatStore();
  const summaries = useChatSelector((s) => s.summaries);
  const roomsLoaded = useChatSelector((s) => s.roomsLoaded);
  const currentRoomId = useChatSelector((s) => s.currentRoomId);
  const savedView = useChatSelector((s) => s.savedView);
  const routeRoomId = useRoomRoute();
  const adminTab = useAdminRoute();
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const openDrawer = useCallback(() => setDrawerOpen(true), []);
  // A conversation opened from anywhere (a dialog's Join, Create or Start, a link, not only the sidebar) is shown:
  // the phone's drawer closes over it.
  useEffect(() => setDrawerOpen(false), [routeRoomId]);

  // Follow the URL; without one, open the most recent conversation.
  useEffect(() => {
    if (!roomsLoaded) return;
    if (adminTab) return store.openRoom(null);
    if (routeRoomId && summaries[routeRoomId]) {
      store.openRoom(routeRoomId);
    } else {
      const first = sortSummaries(Object.values(summaries))[0];
      if (first) navigateToRoom(first.room.id, true);
      else store.openRoom(null);
    }
  }, [routeRoomId, adminTab, roomsLoaded, summaries, store]);

  // "(N) Parley": unread messages in conversations that alert on each one, plus unread mentions (lib/notify).
  const title = tabTitle(Object.values(summaries));
  useEffect(() => {
    document.title = title;
    setFaviconBadge(title === "Parley" ? 0 : 1);
    return () => {
      document.title = "Parley";
      setFaviconBadge(0);
    };
  }, [title]);

  // Ctrl/Cmd+K: quick switcher. Search: Ctrl/Cmd+Shift+F, or "/" when not typing (in a text field "/" is text).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setDialog({ kind: "jump" });
      } else if (opensSearch(e)) {
        e.preventDefault();
        setDialog({ kind: "search" });
      } else if (e.shiftKey && e.key === "Escape" && !document.querySelector("[role='dialog']")) {
        // Shift+Esc: mark all as read (as in Slack).
        e.preventDefault();
        void store.markAllRead();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store]);

  // The URL decides what is shown, so a navigation and a dialog closing land in the same render.
  const currentId = routeRoomId && summaries[routeRoomId] ? routeRoomId : currentRoomId;
  const current = currentId ? summaries[currentId] : undefined;
  const modal = dialog !== null;
  return (
    <div className={`shell ${drawerOpen ? "drawer-open" : ""} ${savedView ? "saved-view" : ""}`}>
      <Sidebar
        inert={modal}
        onOpenDialog={setDialog}
        onSignOut={() => void store.signOut()}
        onNavigate={() => setDrawerOpen(false)}
      />
      <div className="drawer-scrim" onClick={() => setDrawerOpen(false)} aria-hidden="true" />
      <main className="main" inert={modal}>
        <ConnectionBanner />
        <PermissionBar />
        {adminTab ? (
          <Suspense fallback={<div className="splash">Loading…</div>}>
            <AdminConsole tab={adminTab} onOpenDrawer={openDrawer} />
          </Suspense>
        ) : current ? (
          <RoomView key={current.room.id} summary={current} modal={modal} onOpenDialog={setDialog} onOpenDrawer={openDrawer} />
        ) : (
          <div className="empty-main">
            <button type="button" className="icon-button drawer-toggle" aria-label="Open conversations" onClick={() => setDrawerOpen(true)}><Icon name="menu" /></button>
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
        <Alerts />
      </main>
      <DialogHost dialog={dialog} onClose={() => setDialog(null)} onOpen={setDialog} />
      {/* Outside <main>: a call (and its audio) stays while browsing other conversations. */}
      <CallHost />
    </div>
  );
}
