// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import { api, ApiError } from "../../api/client";
import type { BanDto, MeDto } from "../../api/types";
import type { ChatState } from "../chat/chatStore";
import { untilText } from "../../api/errorCodes";
import { fakeStore, render, WithStore } from "../../lib/testDom";
import { BannedList } from "./BannedList";

const until = "2026-12-24T10:00:00Z";
const bans: BanDto[] = [
  { userId: "bob", byId: "olga", reason: "spam", createdAt: "2026-12-01T10:00:00Z", expiresAt: null },
  { userId: "cid", byId: "olga", reason: null, createdAt: "2026-11-30T10:00:00Z", expiresAt: until },
];
const users = {
  bob: { id: "bob", userName: "bob", displayName: "Bob" },
  cid: { id: "cid", userName: "cid", displayName: "Cid" },
  olga: { id: "olga", userName: "olga", displayName: "Olga" },
} as unknown as ChatState["users"];

const flush = () => act(async () => undefined);
const item = (name: string) => document.querySelector<HTMLElement>(`li[aria-label='${name}']`);
const button = (name: string) => document.querySelector<HTMLElement>(`button[aria-label='${name}']`);
const dialogButton = (text: string) => Array.from(document.querySelectorAll<HTMLElement>("[role='dialog'] button")).find((b) => b.textContent === text)!;

async function show() {
  const ensureUser = vi.fn();
  const { store } = fakeStore({ me: { id: "olga" } as MeDto, users }, { ensureUser });
  const view = render(<WithStore store={store}><BannedList roomId="r1" /></WithStore>);
  await flush();
  return { view, ensureUser };
}

describe("BannedList", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = "";
  });

  it("lists each ban with the person's name, the reason, who banned them and until when", async () => {
    vi.spyOn(api, "bans").mockResolvedValue(bans);
    const { view, ensureUser } = await show();
    expect(item("Bob")!.textContent).toContain("Reason: spam");
    expect(item("Bob")!.textContent).toContain("Banned by Olga");
    expect(item("Bob")!.textContent).toContain("until lifted");
    expect(item("Cid")!.textContent).toContain("No reason given.");
    expect(item("Cid")!.textContent).toContain(`until ${untilText(new Date(until))}`);
    // Banned people are no longer members: their names are looked up.
    expect(ensureUser).toHaveBeenCalledWith("bob");
    expect(ensureUser).toHaveBeenCalledWith("olga");
    view.unmount();
  });

  it("lifts a ban after confirming, and says so when nobody is left", async () => {
    vi.spyOn(api, "bans").mockResolvedValue([bans[0]!]);
    const unban = vi.spyOn(api, "unban").mockResolvedValue(undefined);
    const { view } = await show();
    act(() => button("Lift ban on Bob")!.click());
    expect(document.querySelector("[role='dialog']")!.textContent).toContain("Lift the ban on Bob?");
    expect(unban).not.toHaveBeenCalled();
    act(() => dialogButton("Lift ban").click());
    await flush();
    expect(unban).toHaveBeenCalledWith("r1", "bob");
    expect(item("Bob")).toBeNull();
    expect(view.container.textContent).toContain("Nobody is banned from this room.");
    view.unmount();
  });

  it("shows the server's sentence when lifting is refused, and keeps the ban listed", async () => {
    vi.spyOn(api, "bans").mockResolvedValue([bans[0]!]);
    vi.spyOn(api, "unban").mockRejectedValue(new ApiError(403, { title: "Only the room's moderators may lift bans.", code: "not_allowed" }));
    const { view } = await show();
    act(() => button("Lift ban on Bob")!.click());
    act(() => dialogButton("Lift ban").click());
    await flush();
    expect(view.container.querySelector("[role='alert']")!.textContent).toBe("Only the room's moderators may lift bans.");
    expect(item("Bob")).not.toBeNull();
    view.unmount();
  });

  it("says so when nobody is banned", async () => {
    vi.spyOn(api, "bans").mockResolvedValue([]);
    const { view } = await show();
    expect(view.container.textContent).toContain("Nobody is banned from this room.");
    view.unmount();
  });
});
