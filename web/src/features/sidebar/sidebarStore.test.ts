import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError } from "../../api/client";
import type { SidebarDto } from "../../api/types";
import type { ChatStore } from "../chat/chatStore";
import { SidebarStore } from "./sidebarStore";

const layout = (work: string[], favourites: string[] = []): SidebarDto => ({
  categories: [
    { id: "f", kind: "favourites", name: null, collapsed: false, roomIds: favourites },
    { id: "w", kind: "custom", name: "Work", collapsed: false, roomIds: work },
    { id: "r", kind: "rooms", name: null, collapsed: false, roomIds: [] },
  ],
});

/** A chat store that hands its hub handlers to the test. */
function fakeChat() {
  const handlers = new Map<string, (payload: unknown) => void>();
  const notices: string[] = [];
  const chat = {
    onHub: (event: string, handler: (payload: unknown) => void) => {
      handlers.set(event, handler);
      return () => handlers.delete(event);
    },
    onConnected: () => () => undefined,
    notify: (n: string) => notices.push(n),
  } as unknown as ChatStore;
  return { chat, notices, emit: (event: string, payload: unknown) => handlers.get(event)?.(payload) };
}

afterEach(() => vi.restoreAllMocks());

describe("SidebarStore", () => {
  it("takes the whole layout from SidebarChanged and drops a room that was left", () => {
    const { chat, emit } = fakeChat();
    const store = new SidebarStore(chat);
    store.start();
    emit("SidebarChanged", layout(["general"], ["bob"]));
    expect(store.isFavourite("bob")).toBe(true);
    emit("RoomRemoved", { roomId: "general" });
    expect(store.getState().layout).toEqual(layout([], ["bob"]));
    store.dispose();
  });

  it("shows a move at once, then the server's answer; a refusal puts the layout back and says why", async () => {
    const { chat, emit, notices } = fakeChat();
    const store = new SidebarStore(chat);
    store.start();
    emit("SidebarChanged", layout([]));
    let answer!: (l: SidebarDto) => void;
    vi.spyOn(api, "placeInSection").mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    const moving = store.moveRoom("general", "w");
    expect(store.getState().layout?.categories[1]?.roomIds).toEqual(["general"]);
    answer(layout(["general", "other"]));
    await moving;
    expect(store.getState().layout?.categories[1]?.roomIds).toEqual(["general", "other"]);

    vi.spyOn(api, "setFavourite").mockRejectedValue(new ApiError(404, { title: "Room not found.", status: 404 }));
    vi.spyOn(api, "sidebar").mockResolvedValue(layout(["general", "other"]));
    await store.setFavourite("other", true);
    expect(store.isFavourite("other")).toBe(false);
    expect(notices).toEqual(["Room not found."]);
    store.dispose();
  });
});
