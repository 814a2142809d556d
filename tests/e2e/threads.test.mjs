// Threads (issue 21): Bob replies in a thread, Alice sees the count live, opens the panel and replies; Bob, back later,
// finds the thread in the Threads view with an unread badge.
import { test, before, after } from "node:test";
import { expect } from "./expect.mjs";
import { act, message, messages, send, aliceAndBobInARoom, stopAll } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `threads-${suffix}`;
let server, browser, alice, bob;
const problems = [];

before(async () => ({ server, browser, alice, bob } = await aliceAndBobInARoom(problems, room, suffix)));
after(() => stopAll(browser, server, problems));

const panel = (page) => page.getByRole("complementary", { name: "Thread" });

async function replyInPanel(page, text) {
  await panel(page).getByRole("textbox", { name: "Reply in thread" }).fill(text);
  await panel(page).getByRole("button", { name: "Send reply" }).click();
}

test("a reply in a thread: the count live, the panel both ways, the Threads view after a reload", async () => {
  await send(alice, "where shall we eat?");
  await expect(message(bob, "where shall we eat?")).toBeVisible();

  await act(bob, "where shall we eat?", "Reply in thread");
  await expect(panel(bob).getByText("where shall we eat?")).toBeVisible();
  await replyInPanel(bob, "the noodle place");
  await expect(panel(bob).getByRole("list", { name: "Replies" }).getByText("the noodle place")).toBeVisible();

  // Alice sees the count under her message, live; the reply itself stays out of the room's timeline.
  const summary = message(alice, "where shall we eat?").getByRole("button", { name: "1 reply, open thread" });
  await expect(summary).toBeVisible();
  await expect(messages(alice).getByText("the noodle place")).toHaveCount(0);
  await summary.click();
  await expect(panel(alice).getByText("the noodle place")).toBeVisible();
  await replyInPanel(alice, "agreed, at noon");
  await expect(panel(bob).getByText("agreed, at noon")).toBeVisible();
  await expect(message(bob, "where shall we eat?").getByRole("button", { name: "2 replies, open thread" })).toBeVisible();

  // Bob closes the thread; Alice writes once more. After a reload Bob's Threads view has it, unread.
  await panel(bob).getByRole("button", { name: "Close thread" }).click();
  await expect(panel(bob)).toHaveCount(0);
  await replyInPanel(alice, "see you there");
  await expect(message(bob, "where shall we eat?").getByRole("button", { name: "3 replies, open thread" })).toBeVisible();
  await bob.reload();
  const threadsButton = bob.getByRole("button", { name: /^Threads/ });
  await expect(threadsButton.getByRole("img", { name: "1 unread thread" })).toBeVisible();
  await threadsButton.click();
  const dialog = bob.getByRole("dialog", { name: "Threads" });
  const item = dialog.getByRole("button", { name: /where shall we eat\?/ });
  await expect(item.locator(".badge").first()).toHaveAttribute("aria-label", "1 unread");
  await item.click();
  await expect(panel(bob).getByText("see you there")).toBeVisible();
  // Opened and read: the badge goes.
  await expect(bob.getByRole("button", { name: /^Threads/ }).getByRole("img", { name: /unread thread/ })).toHaveCount(0);
});

test("in the panel: a reaction and an edit live, a reply written offline goes once, a search hit opens its thread", async () => {
  // Both panels are open on the thread (Bob's from the Threads view, Alice's from the summary).
  const reply = (page, text) => panel(page).locator("article", { hasText: text });
  await reply(bob, "the noodle place").hover();
  await reply(bob, "the noodle place").getByRole("button", { name: "React", exact: true }).click();
  const picker = bob.getByRole("dialog", { name: "Emoji picker" });
  await picker.getByRole("searchbox", { name: "Search emoji" }).fill("thumbs up");
  await picker.getByRole("option", { name: "thumbs up", exact: true }).click();
  await expect(reply(alice, "the noodle place").getByRole("button", { name: /👍\s*1/ })).toBeVisible();

  await reply(bob, "the noodle place").hover();
  await reply(bob, "the noodle place").getByRole("button", { name: "Edit", exact: true }).click();
  const editor = panel(bob).getByRole("textbox", { name: "Edit message" });
  await editor.fill("the noodle place on Fifth");
  await editor.press("Enter");
  await expect(reply(alice, "the noodle place on Fifth")).toContainText("(edited)");

  // Alice's page goes offline: her reply waits, pending, and goes once when she is back.
  await alice.context().setOffline(true);
  await replyInPanel(alice, "running ten minutes late");
  await expect(reply(alice, "running ten minutes late")).toHaveAttribute("data-pending", "true");
  await alice.context().setOffline(false);
  await expect(panel(bob).getByText("running ten minutes late")).toBeVisible();
  await expect(reply(alice, "running ten minutes late")).toHaveAttribute("data-pending", /^$/); // confirmed by the server
  await expect(reply(alice, "running ten minutes late")).toHaveCount(1);
  await expect(panel(bob).getByText("running ten minutes late")).toHaveCount(1);

  // A search hit on a reply kept to its thread opens the thread at it.
  await panel(bob).getByRole("button", { name: "Close thread" }).click();
  await bob.getByRole("button", { name: "Search", exact: true }).click();
  const dialog = bob.getByRole("dialog", { name: "Search" });
  const box = dialog.getByRole("combobox", { name: "Search" });
  await box.fill("noodle");
  await box.press("Enter");
  await expect(dialog.getByRole("listbox", { name: "Messages found" }).getByRole("option")).toHaveCount(1);
  await box.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(reply(bob, "the noodle place on Fifth")).toHaveClass(/flash/);
});
