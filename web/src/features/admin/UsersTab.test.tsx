import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import { api } from "../../api/client";
import type { AdminUserDto, MeDto } from "../../api/types";
import { fakeStore, render, WithStore } from "../../lib/testDom";
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
});
