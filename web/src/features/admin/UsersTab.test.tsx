// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import { api } from "../../api/client";
import type { AdminUserDto, MeDto } from "../../api/types";
import { untilText } from "../../api/errorCodes";
import { fakeStore, render, typeInto, WithStore } from "../../lib/testDom";
import { consoleTabs } from "./AdminConsole";
import { UsersTab } from "./UsersTab";

const user = (id: string, role: AdminUserDto["role"], extra: Partial<AdminUserDto> = {}): AdminUserDto => ({
  id, userName: id, displayName: id[0]!.toUpperCase() + id.slice(1), role, createdAt: "2026-11-01T10:00:00Z",
  deactivatedAt: null, lastSeenAt: null, timedOutUntil: null, ...extra,
});

const flush = () => act(async () => undefined);
const button = (name: string) => document.querySelector<HTMLElement>(`button[aria-label='${name}']`);
const dialogButton = (text: string) => Array.from(document.querySelectorAll<HTMLElement>("[role='dialog'] button")).find((b) => b.textContent === text)!;

describe("UsersTab", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = "";
  });

  it("deactivates an account after confirming, then offers to reactivate it", async () => {
    vi.spyOn(api, "adminUsers").mockResolvedValue([user("me", "admin"), user("bob", "member"), user("ann", "owner")]);
    const deactivate = vi.spyOn(api, "deactivateUser").mockResolvedValue(undefined);
    const { store } = fakeStore({ me: { id: "me", role: "admin" } as MeDto });
    const view = render(<WithStore store={store}><UsersTab /></WithStore>);
    await flush();

    // Nothing to do to yourself or to someone above you.
    expect(button("Deactivate Me")).toBeNull();
    expect(button("Deactivate Ann")).toBeNull();
    act(() => button("Deactivate Bob")!.click());
    act(() => dialogButton("Deactivate").click());
    await flush();
    expect(deactivate).toHaveBeenCalledWith("bob");
    const row = view.container.querySelector("[data-testid='admin-user-bob']")!;
    expect(row.textContent).toContain("Deactivated");
    expect(button("Reactivate Bob")).not.toBeNull();
    view.unmount();
  });

  it("offers an admin only the roles below their own", async () => {
    vi.spyOn(api, "adminUsers").mockResolvedValue([user("bob", "member")]);
    const { store } = fakeStore({ me: { id: "me", role: "admin" } as MeDto });
    const view = render(<WithStore store={store}><UsersTab /></WithStore>);
    await flush();
    const select = view.container.querySelector<HTMLSelectElement>("select[aria-label='Role of Bob']")!;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(["guest", "member", "moderator"]);
    view.unmount();
  });

  it("gives a server moderator the accounts, with only the timeout, and only on people below them", async () => {
    expect(consoleTabs("moderator").map((t) => t.key)).toEqual(["users", "reports"]);
    expect(consoleTabs("member")).toEqual([]);
    vi.spyOn(api, "adminUsers").mockResolvedValue([user("me", "moderator"), user("bob", "member"), user("max", "moderator"), user("ann", "admin")]);
    const { store } = fakeStore({ me: { id: "me", role: "moderator" } as MeDto });
    const view = render(<WithStore store={store}><UsersTab /></WithStore>);
    await flush();
    expect(button("Time out Bob everywhere")).not.toBeNull();
    expect(button("Time out Me everywhere")).toBeNull();
    expect(button("Time out Max everywhere")).toBeNull();
    expect(button("Time out Ann everywhere")).toBeNull();
    // Deactivation, sessions, roles and new accounts stay admins'.
    expect(button("Deactivate Bob")).toBeNull();
    expect(button("End sessions of Bob")).toBeNull();
    expect(view.container.querySelector("select[aria-label='Role of Bob']")).toBeNull();
    expect(Array.from(view.container.querySelectorAll("button")).some((b) => b.textContent === "Create account")).toBe(false);
    view.unmount();
  });

  it("times someone out everywhere with the chosen length and reason, and shows until when", async () => {
    vi.spyOn(api, "adminUsers").mockResolvedValue([user("bob", "member")]);
    const until = new Date(Date.now() + 3600_000).toISOString();
    const timeout = vi.spyOn(api, "timeoutEverywhere").mockResolvedValue({ userId: "bob", until });
    const { store } = fakeStore({ me: { id: "me", role: "moderator" } as MeDto });
    const view = render(<WithStore store={store}><UsersTab /></WithStore>);
    await flush();
    act(() => button("Time out Bob everywhere")!.click());
    const dialog = document.querySelector<HTMLElement>("[role='dialog'][aria-label='Time out Bob everywhere']")!;
    const hour = Array.from(dialog.querySelectorAll<HTMLLabelElement>("label.radio")).find((l) => l.textContent === "1 hour")!;
    act(() => hour.querySelector("input")!.click());
    typeInto(dialog.querySelector("textarea")!, "flooding every room");
    act(() => dialogButton("Time out").click());
    await flush();
    expect(timeout).toHaveBeenCalledWith("bob", 3600, "flooding every room");
    const row = view.container.querySelector("[data-testid='admin-user-bob']")!;
    expect(row.textContent).toContain(`Timed out until ${untilText(new Date(until))}`);
    expect(button("Time out Bob everywhere")).toBeNull();
    expect(button("End timeout of Bob")).not.toBeNull();
    view.unmount();
  });

  it("ends a running timeout after confirming", async () => {
    vi.spyOn(api, "adminUsers").mockResolvedValue([user("bob", "member", { timedOutUntil: new Date(Date.now() + 600_000).toISOString() })]);
    const lift = vi.spyOn(api, "liftTimeoutEverywhere").mockResolvedValue(undefined);
    const { store } = fakeStore({ me: { id: "me", role: "admin" } as MeDto });
    const view = render(<WithStore store={store}><UsersTab /></WithStore>);
    await flush();
    act(() => button("End timeout of Bob")!.click());
    act(() => dialogButton("End timeout").click());
    await flush();
    expect(lift).toHaveBeenCalledWith("bob");
    expect(view.container.querySelector("[data-testid='admin-user-bob']")!.textContent).not.toContain("Timed out until");
    expect(button("Time out Bob everywhere")).not.toBeNull();
    view.unmount();
  });
});
