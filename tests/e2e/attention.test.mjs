// Presence, friends and new-message alerts between two people (issue 5): what each one sees live.
import { test, before, after } from "node:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { artifacts } from "./harness.mjs";
import { expect } from "./expect.mjs";
import {
  signUp, createRoom, joinRoom, send, message, messages, nav, startDm, toasts, conversationLink, setStatus, openFriends, openConversation,
  openProfileFrom, composer, shootBoth, aliceAndBobInARoom, stopAll,
} from "./ui.mjs";

const screens = join(artifacts, "screens");
mkdirSync(screens, { recursive: true });
const shot = (page, name) => shootBoth(page, join(screens, name));

const suffix = Math.random().toString(36).slice(2, 7);
const room = `lobby-${suffix}`;
let server, browser, alice, bob;
const problems = [];

before(async () => ({ server, browser, alice, bob } = await aliceAndBobInARoom(problems, room, suffix)));
after(() => stopAll(browser, server, problems));

test("a message in another conversation raises a toast and the sidebar badge; the toast opens it", async () => {
  await expect(alice.getByRole("heading", { name: room })).toBeVisible();
  await startDm(bob, "Alice");
  await send(bob, "ping from bob");
  const toast = toasts(alice).getByRole("button", { name: /Bob.*ping from bob/ });
  await expect(toast).toBeVisible();
  await shot(alice, "toast");
  await expect(conversationLink(alice, "Bob").getByRole("img", { name: "1 unread" })).toBeVisible();
  await send(bob, "still there?");
  await expect(conversationLink(alice, "Bob").getByRole("img", { name: "2 unread" })).toBeVisible();
  // Nobody is alerted of their own messages.
  await expect(toasts(bob).getByRole("button")).toKeepCount(0, 200);
  await toasts(alice).getByRole("button", { name: /still there\?/ }).click();
  await expect(alice.getByRole("heading", { name: "Bob" })).toBeVisible();
  await expect(message(alice, "ping from bob")).toBeVisible();
  await expect(toasts(alice).getByRole("button")).toKeepCount(0, 200);
  // A message in the conversation on screen raises no toast (it arrives with the same event as the message).
  await send(bob, "reading this?");
  await expect(message(alice, "reading this?")).toBeVisible();
  await expect(toasts(alice).getByRole("button")).toKeepCount(0);
  // Bob has the DM open: he reads Alice's answer, and she sees it.
  await send(alice, "yes, reading");
  await expect(alice.getByRole("status", { name: "Read receipt" })).toHaveText("Seen");
});

test("presence dots follow the other person's status", async () => {
  const dot = (name) => conversationLink(alice, "Bob").getByRole("img", { name });
  await expect(dot("Online")).toBeVisible();
  await setStatus(bob, "Do not disturb");
  await expect(dot("Do not disturb")).toBeVisible();
  await setStatus(bob, "Away");
  await expect(dot("Away")).toBeVisible();
  await nav(alice).getByRole("button", { name: "Who's online" }).click();
  const people = alice.getByRole("dialog", { name: "Who's online" });
  await expect(people.getByRole("list", { name: "Away" })).toContainText("Bob");
  await setStatus(bob, "Online (automatic)");
  await expect(dot("Online")).toBeVisible();
  await expect(people.getByRole("list", { name: "Online" })).toContainText("Bob");
  await expect(people.getByRole("list", { name: "Away" })).toHaveCount(0);
  await alice.keyboard.press("Escape");
});

test("a friend request shows as a badge on the other side and, accepted, both see each other as friends", async () => {
  const dialog = await openFriends(alice);
  await dialog.getByLabel("Find people to add").fill("Bob");
  await dialog.getByRole("button", { name: "Add Bob as a friend" }).click();
  await expect(dialog.getByRole("list", { name: "Sent requests" })).toContainText("Bob");
  await expect(nav(bob).getByRole("img", { name: "1 friend request" })).toBeVisible();
  const bobs = await openFriends(bob);
  await bobs.getByRole("button", { name: "Accept Alice" }).click();
  await expect(bobs.getByRole("list", { name: "Friends" })).toContainText("Alice");
  await expect(nav(bob).getByRole("img", { name: /friend request/ })).toHaveCount(0);
  await expect(dialog.getByRole("list", { name: "Friends" })).toContainText("Bob");
  await expect(dialog.getByRole("list", { name: "Sent requests" })).toHaveCount(0);
  await shot(alice, "friends");
  await alice.keyboard.press("Escape");
  await bob.keyboard.press("Escape");
  await openConversation(alice, room);
});

test("a mention is counted in the sidebar, listed under Mentions, and a click jumps to it highlighted", async () => {
  await openConversation(alice, "Bob");
  await openConversation(bob, room);
  // Bob picks Alice from the @ suggestions.
  await composer(bob).fill("hey @ali");
  await bob.getByRole("listbox", { name: "Mention suggestions" }).getByRole("option", { name: /Alice/ }).waitFor();
  await composer(bob).press("Enter");
  await expect(composer(bob)).toHaveValue(`hey @alice_${suffix} `);
  await composer(bob).pressSequentially("look at this");
  await composer(bob).press("Enter");
  // The toast first: it goes by itself after 8 s, which a starved machine could spend waiting on the sidebar.
  await expect(toasts(alice).getByRole("button", { name: /look at this/ })).toBeVisible();
  await expect(conversationLink(alice, room).getByRole("img", { name: "1 mention" })).toBeVisible();
  await nav(alice).getByRole("button", { name: "Mentions" }).click();
  const dialog = alice.getByRole("dialog", { name: "Mentions" });
  const item = dialog.getByRole("list", { name: "Recent mentions" }).getByRole("button", { name: /look at this/ });
  await expect(item).toContainText(`#${room}`);
  await shot(alice, "mentions");
  await item.click();
  await expect(alice.getByRole("heading", { name: room })).toBeVisible();
  const mentioned = message(alice, "look at this");
  await expect(mentioned).toHaveClass(/mentioned/);
  await expect(mentioned.locator(".mention-me")).toHaveText(`@alice_${suffix}`);
  await shot(alice, "mention");
  await expect(conversationLink(alice, room).getByRole("img", { name: /mention/ })).toHaveCount(0);
});

test("blocking hides their messages behind Show, with no alert; unblocking in settings brings them back", async () => {
  const card = await openProfileFrom(alice, "look at this", "Bob");
  await card.getByRole("button", { name: "Block Bob" }).click();
  await expect(card.getByRole("button", { name: "Unblock Bob" })).toBeVisible();
  await alice.keyboard.press("Escape");
  const hidden = messages(alice).locator("article.blocked-hidden");
  await expect(message(alice, "look at this")).toHaveCount(0);
  await send(bob, "after the block");
  // Consecutive hidden messages fold into one row.
  await expect(hidden).toHaveText("2 hidden messages from a blocked user · Show");
  await hidden.getByRole("button", { name: "Show" }).click();
  await expect(message(alice, "after the block")).toBeVisible();
  await expect(toasts(alice).getByRole("button")).toKeepCount(0);

  await alice.getByRole("button", { name: "Notifications & privacy", exact: true }).click();
  const settings = alice.getByRole("dialog", { name: "Notifications & privacy" });
  await shot(alice, "settings");
  await settings.getByRole("button", { name: "Unblock Bob" }).click();
  await expect(settings.getByRole("list", { name: "Blocked people" })).toContainText("You haven't blocked anyone.");
  await alice.keyboard.press("Escape");
  await expect(message(alice, "look at this")).toBeVisible();
  await expect(hidden).toHaveCount(0);
});

test("Shift+Esc marks every conversation read", async () => {
  await send(bob, "one more thing"); // in the room Bob has open; Alice is there too
  await openConversation(bob, "Alice");
  await send(bob, "and in private");
  await expect(conversationLink(alice, "Bob").getByRole("img", { name: "1 unread" })).toBeVisible();
  await expect(alice).toHaveTitle("(1) Parley"); // the DM counts; room chatter without a mention doesn't
  const icon = alice.locator("link[rel='icon']");
  await expect(icon).toHaveAttribute("href", /^data:image\/png/); // the tab icon with a dot
  await alice.keyboard.press("Shift+Escape");
  await expect(conversationLink(alice, "Bob").getByRole("img", { name: /unread/ })).toHaveCount(0);
  await expect(alice).toHaveTitle("Parley");
  await expect(icon).toHaveAttribute("href", "/favicon.svg");
  await openConversation(alice, "Bob");
  await expect(alice.locator(".unread-divider")).toHaveCount(0);
});
