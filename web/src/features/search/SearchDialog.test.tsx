// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import type { MessageHit, RoomSummary } from "../../api/types";
import type { ChatState } from "../chat/chatStore";
import { fakeStore, press, render, typeInto, WithStore } from "../../lib/testDom";
import { msg } from "../../lib/testData";
import { emptyTimeline } from "../../lib/timeline";
import { SearchDialog } from "./SearchDialog";

const me = { id: "me", userName: "me", displayName: "Me", statusText: "", bio: "", timeZone: "", avatarUrl: null, createdAt: "2026-11-22T00:00:00Z" };
const summary: RoomSummary = {
  room: { id: "r1", kind: "public", name: "general", topic: "", createdById: "u2", createdAt: "2026-11-22T00:00:00Z", lastSeq: 900, lastRev: 900, lastActivityAt: "2026-11-22T00:00:00Z", iconUrl: null },
  role: "member", lastReadSeq: 900, unreadCount: 0, lastMessage: null, members: null,
};
const hit = (seq: number, snippet: string): MessageHit => ({
  message: msg(seq, seq, { id: `m${seq}`, roomId: "r1", senderId: "u2" }),
  room: { id: "r1", name: "general", kind: "public" },
  snippet,
});

/** Answers fetch from a queue, recording each URL asked. */
function fakeFetch(...answers: { status?: number; body: unknown }[]) {
  const urls: string[] = [];
  const fetch = vi.fn(async (url: string) => {
    urls.push(decodeURIComponent(String(url)).replace(/\+/g, " "));
    const a = answers.shift() ?? { body: { items: [], nextBefore: null } };
    return new Response(JSON.stringify(a.body), { status: a.status ?? 200, headers: { "Content-Type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetch);
  return urls;
}

const settle = () => act(async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
});
const box = () => document.querySelector<HTMLInputElement>("input[aria-label='Search']")!;
const options = () => Array.from(document.querySelectorAll<HTMLElement>("[role='listbox'] [role='option']"));
const buttonNamed = (name: string) =>
  Array.from(document.querySelectorAll<HTMLButtonElement>("button")).find((b) => (b.getAttribute("aria-label") ?? b.textContent) === name)!;

function setup() {
  const jumpTo = vi.fn(async () => undefined);
  const state: Partial<ChatState> = {
    me, users: { u2: { id: "u2", userName: "bob", displayName: "Bob" } }, summaries: { r1: summary },
    currentRoomId: "r1", timelines: { r1: { ...emptyTimeline(900), loaded: true, messages: [] } },
  };
  const { store } = fakeStore(state, { jumpTo, ensureUser: () => undefined, joinRoom: vi.fn() });
  const onClose = vi.fn();
  const view = render(<WithStore store={store}><SearchDialog onClose={onClose} onShowProfile={() => undefined} /></WithStore>);
  return { view, jumpTo, onClose };
}

describe("SearchDialog", () => {
  beforeEach(() => history.replaceState(null, "", "/r/00000000-0000-0000-0000-000000000001"));
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = "";
  });

  it("searches on Enter, shows room, sender and highlighted snippet, and opens the chosen result at its message", async () => {
    const urls = fakeFetch({ body: { items: [hit(12, "the <mark>budget</mark> &lt;b&gt;"), hit(7, "old <mark>budget</mark>")], nextBefore: null } });
    const { view, jumpTo, onClose } = setup();
    expect(document.querySelector("[role='dialog']")!.getAttribute("aria-label")).toBe("Search");
    expect(document.activeElement).toBe(box());

    typeInto(box(), "budget from:@bob");
    press(box(), "Enter");
    await settle();
    expect(urls).toEqual(["/api/search?q=budget from:@bob&sort=recent&limit=20"]);
    // The operator typed shows as a removable chip.
    expect(document.querySelector("[aria-label='Active filters']")!.textContent).toContain("From @bob");

    const [first, second] = options();
    expect(first!.textContent).toContain("Bob");
    expect(first!.textContent).toContain("in #general");
    expect(first!.querySelector("mark")!.textContent).toBe("budget");
    expect(first!.querySelector(".search-snippet")!.textContent).toBe("the budget <b>");
    expect(first!.querySelector("b")).toBeNull();

    expect(box().getAttribute("aria-activedescendant")).toBe(first!.id);
    press(box(), "ArrowDown");
    expect(box().getAttribute("aria-activedescendant")).toBe(second!.id);
    expect(second!.getAttribute("aria-selected")).toBe("true");
    press(box(), "Enter");
    await settle();
    expect(onClose).toHaveBeenCalled();
    expect(jumpTo).toHaveBeenCalledWith("r1", "m7", 7);
    view.unmount();
  });

  it("shows the server's word on a bad query under the box", async () => {
    fakeFetch({ status: 400, body: { title: "Bad query", errors: { q: ['Unknown operator "form:". Did you mean "from:"?'] } } });
    const { view } = setup();
    typeInto(box(), "form:bob");
    press(box(), "Enter");
    await settle();
    const alert = document.querySelector("#search-error")!;
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.textContent).toBe('Unknown operator "form:". Did you mean "from:"?');
    expect(box().getAttribute("aria-invalid")).toBe("true");
    expect(box().getAttribute("aria-describedby")).toBe("search-error");
    view.unmount();
  });

  it("with no results offers to remove the last filter, keeping the rest of the query", async () => {
    const urls = fakeFetch({ body: { items: [] } }, { body: { items: [hit(3, "<mark>plan</mark>")] } });
    const { view } = setup();
    typeInto(box(), '"q3 plan" in:#general has:file -draft');
    press(box(), "Enter");
    await settle();
    expect(document.querySelector("[data-testid='search-no-results']")!.textContent).toContain("No results");
    act(() => buttonNamed("Remove has:file").click());
    await settle();
    expect(box().value).toBe('"q3 plan" in:#general -draft');
    expect(urls[1]).toBe('/api/search?q="q3 plan" in:#general -draft&sort=recent&limit=20');
    expect(options()).toHaveLength(1);

    // A chip's ✕ removes its filter and searches again.
    act(() => buttonNamed("Remove filter in:#general").click());
    await settle();
    expect(box().value).toBe('"q3 plan" -draft');
    view.unmount();
  });

  it("pages with the cursor, and the toggles add an operator and search", async () => {
    const urls = fakeFetch(
      { body: { items: [hit(20, "a"), hit(19, "b")], nextBefore: "cur1" } },
      { body: { items: [hit(18, "c")], nextBefore: null } },
      { body: { items: [] } },
    );
    const { view } = setup();
    typeInto(box(), "report");
    press(box(), "Enter");
    await settle();
    // Arrowing past the last result asks for the next page.
    press(box(), "ArrowDown");
    press(box(), "ArrowDown");
    await settle();
    expect(urls[1]).toBe("/api/search?q=report&sort=recent&before=cur1&limit=20");
    expect(options().map((o) => o.dataset.id)).toEqual(["m20", "m19", "m18"]);
    expect(document.querySelector(".load-more")).toBeNull();

    const toggle = buttonNamed("Has image");
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    act(() => toggle.click());
    await settle();
    expect(box().value).toBe("report has:image");
    expect(urls[2]).toBe("/api/search?q=report has:image&sort=recent&limit=20");
    expect(buttonNamed("Has image").getAttribute("aria-pressed")).toBe("true");
    view.unmount();
  });

  it("searches files and people on their tabs", async () => {
    const urls = fakeFetch(
      { body: { items: [] } },
      { body: { items: [{ file: { id: "f1", name: "<b>plan</b>.pdf", contentType: "application/pdf", kind: "file", size: 2048, url: "/api/files/f1/content" }, message: msg(5, 5, { id: "m5", roomId: "r1", senderId: "u2" }), room: { id: "r1", name: "general", kind: "public" } }], nextBefore: null } },
      { body: { items: [{ id: "u3", userName: "carol", displayName: "Carol", avatarUrl: null, sharesRoom: true }] } },
    );
    const { view, jumpTo } = setup();
    typeInto(box(), "plan");
    press(box(), "Enter");
    await settle();
    act(() => document.querySelector<HTMLElement>("[role='tab'][id='search-tab-files']")!.click());
    await settle();
    expect(urls[1]).toBe("/api/search/files?q=plan&limit=20");
    expect(document.querySelector("[role='listbox']")!.getAttribute("aria-label")).toBe("Files found");
    expect(options()[0]!.textContent).toContain("<b>plan</b>.pdf");

    act(() => document.querySelector<HTMLElement>("[role='tab'][id='search-tab-people']")!.click());
    await settle();
    expect(urls[2]).toBe("/api/search/people?q=plan&limit=20");
    expect(options()[0]!.textContent).toContain("Carol");

    act(() => document.querySelector<HTMLElement>("[role='tab'][id='search-tab-files']")!.click());
    act(() => options()[0]!.click());
    await settle();
    expect(jumpTo).toHaveBeenCalledWith("r1", "m5", 5);
    view.unmount();
  });
});
