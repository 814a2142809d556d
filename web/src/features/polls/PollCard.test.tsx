// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import type { PollDto } from "../../api/types";
import { render } from "../../lib/testDom";
import type { KnownUser } from "../chat/chatStore";
import { PollCard } from "./PollCard";

const poll = (extra: Partial<PollDto> = {}): PollDto => ({
  options: [{ id: "a", text: "Pizza", votes: 1, voters: ["u1"] }, { id: "b", text: "Sushi", votes: 0, voters: [] }],
  multiple: false, anonymous: false, closesAt: null, closedAt: null, totalVoters: 1, mine: [], ...extra,
});
const users: Record<string, KnownUser> = { u1: { id: "u1", userName: "ann", displayName: "Ann" } };

describe("PollCard", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("hides the results until I vote, shows my choice at once and sends my whole choice", () => {
    const onVote = vi.fn(() => new Promise<void>(() => {}));
    const view = render(<PollCard poll={poll()} pending={false} canClose={false} users={users} onVote={onVote} onClose={() => {}} />);
    expect(view.container.querySelector(".poll-count")).toBeNull();
    const radios = view.container.querySelectorAll<HTMLInputElement>("input[type='radio']");
    expect(radios).toHaveLength(2);
    act(() => radios[1]!.click());
    expect(onVote).toHaveBeenCalledWith(["b"]);
    expect(radios[1]!.checked).toBe(true);
    view.unmount();
  });

  it("shows counts, shares and voters' names once voted; nothing to choose or close once closed", () => {
    const voted = render(<PollCard poll={poll({ mine: ["a"] })} pending={false} canClose users={users} onVote={vi.fn()} onClose={() => {}} />);
    expect([...voted.container.querySelectorAll(".poll-count")].map((c) => c.textContent)).toEqual(["1 · 100%", "0 · 0%"]);
    expect(voted.container.querySelector("label.poll-option")!.getAttribute("title")).toBe("Ann");
    expect(voted.container.textContent).toContain("Close poll");
    voted.unmount();

    const closed = render(<PollCard poll={poll({ closedAt: "2026-12-01T10:00:00Z", anonymous: true, options: poll().options.map((o) => ({ ...o, voters: null })) })}
      pending={false} canClose users={users} onVote={vi.fn()} onClose={() => {}} />);
    expect(closed.container.querySelector("fieldset")!.disabled).toBe(true);
    expect(closed.container.textContent).toContain("Closed");
    expect(closed.container.textContent).not.toContain("Close poll");
    expect(closed.container.querySelector("label.poll-option")!.getAttribute("title")).toBeNull();
    closed.unmount();
  });
});
