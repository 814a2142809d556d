// Presence, friends and new-message alerts between two people (issue 5): what each one sees live.
import { test, before, after } from "node:test";
import { startServer, launchBrowser, strictPage } from "./harness.mjs";
import { expect } from "./expect.mjs";
import {
  signUp, createRoom, joinRoom, send, message, nav, startDm, toasts, conversationLink, setStatus, openFriends, openConversation,
} from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `lobby-${suffix}`;
let server, browser, alice, bob;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alice = await strictPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), problems);
  bob = await strictPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), problems);
  await signUp(alice, server.url, `alice_${suffix}`, "Alice");
  await signUp(bob, server.url, `bob_${suffix}`, "Bob");
  await createRoom(alice, room);
  await joinRoom(bob, room);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (problems.length) throw new Error("browser problems:\n" + problems.join("\n"));
});

test("a message in another conversation raises a toast and the sidebar badge; the toast opens it", async () => {
  await expect(alice.getByRole("heading", { name: room })).toBeVisible();
  await startDm(bob, "Alice");
  await send(bob, "ping from bob");
  const toast = toasts(alice).getByRole("button", { name: /Bob.*ping from bob/ });
  await expect(toast).toBeVisible();
  await expect(conversationLink(alice, "Bob").getByRole("img", { name: "1 unread" })).toBeVisible();
  await send(bob, "still there?");
  await expect(conversationLink(alice, "Bob").getByRole("img", { name: "2 unread" })).toBeVisible();
  // Nobody is alerted of their own messages.
  await expect(toasts(bob).getByRole("button")).toHaveCount(0);
  await toasts(alice).getByRole("button", { name: /still there\?/ }).click();
  await expect(alice.getByRole("heading", { name: "Bob" })).toBeVisible();
  await expect(message(alice, "ping from bob")).toBeVisible();
  await expect(toasts(alice).getByRole("button")).toHaveCount(0);
  // A message in the conversation on screen raises no toast (it arrives with the same event as the message).
  await send(bob, "reading this?");
  await expect(message(alice, "reading this?")).toBeVisible();
  await expect(toasts(alice).getByRole("button")).toHaveCount(0);
});

test("presence dots follow the other person's status", async () => {
  const dot = (name) => conversationLink(alice, "Bob").getByRole("img", { name });
  await expect(dot("Online")).toBeVisible();
  await setStatus(bob, "Do not disturb");
  await expect(dot("Do not disturb")).toBeVisible();
  await setStatus(bob, "Away");
  await expect(dot("Away")).toBeVisible();
  await setStatus(bob, "Online (automatic)");
  await expect(dot("Online")).toBeVisible();
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
  await alice.keyboard.press("Escape");
  await bob.keyboard.press("Escape");
  await openConversation(alice, room);
});
