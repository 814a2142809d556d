// Roles, moderation and administration through the real app (issue 17): the first account owns the fresh server and
// hands out roles in the admin console; moderators act from the message and member menus, and the person acted on
// sees it at once in their open tab. Steps share one server and run in order.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, launchBrowser, strictPage, artifacts, provider } from "./harness.mjs";
import { expect } from "./expect.mjs";
import { signUp, createRoom, joinRoom, openConversation, send, act, message, nav, conversationLink } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `lounge-${suffix}`;
let server, browser, olga, mia, rita, bob;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const page = async () => strictPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), problems);
  [olga, mia, rita, bob] = [await page(), await page(), await page(), await page()];
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (page, name) => page.screenshot({ path: join(artifacts, `${provider}-moderation-${name}.png`) });

/** Workspace menu → "Admin console" (admins and the owner only). */
async function openConsole(page) {
  await page.getByRole("button", { name: "Workspace menu" }).click();
  await page.getByRole("menuitem", { name: "Admin console" }).click();
  await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
}

/** In the console's Users tab: pick a server role for someone and confirm. */
async function setServerRole(page, name, role) {
  await page.getByRole("combobox", { name: `Role of ${name}` }).selectOption(role);
  const dialog = page.getByRole("dialog", { name: "Change role" });
  await dialog.getByRole("button", { name: "Change role" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("combobox", { name: `Role of ${name}` })).toHaveValue(role);
}

/** The member list's "Moderate <name>" menu → one of its items. */
async function moderate(page, name, item) {
  const panel = page.getByRole("complementary", { name: "Members" });
  if (!(await panel.isVisible())) await page.getByRole("button", { name: /^Members/ }).click();
  await panel.getByRole("button", { name: `Moderate ${name}` }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

test("the first account owns the fresh server; three more people sign up", async () => {
  await signUp(olga, server.url, `olga_${suffix}`, "Olga");
  // Olga first (she owns the server); the others side by side, to keep the step short.
  await Promise.all([signUp(mia, server.url, `mia_${suffix}`, "Mia"), signUp(rita, server.url, `rita_${suffix}`, "Rita"),
    signUp(bob, server.url, `bob_${suffix}`, "Bob")]);
  await expect(olga.getByRole("button", { name: "Workspace menu" })).toBeVisible();
});

test("the owner's room gets three members", async () => {
  await createRoom(olga, room);
  await Promise.all([mia, rita, bob].map((p) => joinRoom(p, room)));
  await expect(message(olga, "Bob joined")).toBeVisible();
});

test("a member reports a message; a server moderator finds it in the queue and removes it, and its author sees \"Removed by a moderator\"", async () => {
  await openConsole(olga);
  await setServerRole(olga, "Mia", "moderator");
  // The role is read at sign-in: Mia's tab learns it on reload.
  await mia.reload();

  await send(bob, "Buy cheap watches at example.test");
  await openConversation(rita, room);
  await expect(message(rita, "Buy cheap watches")).toBeVisible();
  await act(rita, "Buy cheap watches", "More actions");
  await rita.getByRole("menuitem", { name: "Report…" }).click();
  const report = rita.getByRole("dialog", { name: "Report message" });
  await report.getByLabel("Why should the moderators look at this message?").fill("spam");
  await report.getByRole("button", { name: "Report", exact: true }).click();
  await expect(report.getByRole("status")).toContainText("The moderators will look at it");
  await report.getByRole("button", { name: "Done" }).click();

  // Moderators get the queue, not the whole console.
  await mia.getByRole("button", { name: "Workspace menu" }).click();
  await mia.getByRole("menuitem", { name: "Reports" }).click();
  const item = mia.getByRole("listitem", { name: `Report on a message by Bob in #${room}` });
  await expect(item).toContainText("Buy cheap watches");
  await expect(item).toContainText("Reason: spam");
  await expect(item).toContainText("Reported by Rita");
  await item.getByRole("button", { name: "Go to message" }).click();

  await act(mia, "Buy cheap watches", "More actions");
  await mia.getByRole("menuitem", { name: "Remove" }).click();
  const dialog = mia.getByRole("dialog", { name: "Remove message" });
  await dialog.getByRole("button", { name: "Remove", exact: true }).click();

  await expect(message(bob, "Removed by a moderator")).toBeVisible();
  await expect(message(bob, "Buy cheap watches")).toHaveCount(0);
  await expect(message(mia, "Removed by a moderator")).toBeVisible();
  await shot(bob, "removed-message");
});

test("a room moderator kicks a member, whose open tab says so and loses the room", async () => {
  // The room's owner makes Rita a moderator of the room (not of the server).
  await openConversation(olga, room);
  await moderate(olga, "Rita", "Make moderator");
  const confirm = olga.getByRole("dialog", { name: "Make Rita a moderator" });
  await confirm.getByRole("button", { name: "Make moderator" }).click();
  await expect(confirm).toBeHidden();

  await openConversation(rita, room);
  await moderate(rita, "Bob", "Kick…");
  const kick = rita.getByRole("dialog", { name: "Kick Bob" });
  await kick.getByRole("button", { name: "Kick", exact: true }).click();
  await expect(kick).toBeHidden();

  // No reason given: still told (the event's reason is "", not null as for a leave).
  await expect(bob.getByRole("alert").filter({ hasText: `You were removed from #${room}.` })).toBeVisible();
  await expect(conversationLink(bob, room)).toHaveCount(0);
  await expect(message(rita, "Bob was removed by Rita")).toBeVisible();
  await shot(bob, "kicked");
});

test("an admin deactivates someone in the console, and their open tab is signed out", async () => {
  await openConsole(olga);
  await setServerRole(olga, "Mia", "admin");
  await mia.reload();
  await openConsole(mia);
  await mia.getByRole("button", { name: "Deactivate Bob" }).click();
  const dialog = mia.getByRole("dialog", { name: "Deactivate Bob" });
  await dialog.getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(mia.getByTestId(`admin-user-bob_${suffix}`)).toContainText("Deactivated");

  await expect(bob.getByRole("heading", { name: /^Sign in to/ })).toBeVisible();
  await expect(nav(bob)).toHaveCount(0);
  await shot(bob, "deactivated");

  // The audit log names who did it to whom.
  await mia.getByRole("tab", { name: "Audit log" }).click();
  const row = mia.getByRole("row").filter({ has: mia.getByRole("rowheader", { name: "user.deactivate" }) });
  await expect(row).toContainText("Mia");
  await expect(row).toContainText("Bob");
});

test("with registration by invite, a link from the console lets a new person in, and only with it", async () => {
  await mia.getByRole("tab", { name: "Settings" }).click();
  await mia.getByRole("radio", { name: /^Invite only/ }).check();
  await mia.getByRole("button", { name: "Save settings" }).click();
  await expect(mia.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await mia.getByRole("tab", { name: "Invites" }).click();
  await mia.getByLabel("Most uses").fill("1");
  await mia.getByRole("button", { name: "Create invite link" }).click();
  const link = await mia.getByTestId("new-invite-url").inputValue();
  const url = new URL(link);
  assert.equal(url.pathname, "/register", "the server's link opens the client's /register");

  // Bob's tab, signed out: without the link there is no way to sign up.
  await bob.goto(server.url + "/");
  await expect(bob.getByText("Registration needs an invite link")).toBeVisible();
  await expect(bob.getByRole("button", { name: "Create an account" })).toHaveCount(0);

  await bob.goto(link);
  await expect(bob.getByRole("heading", { name: /^Create your .* account$/ })).toBeVisible();
  await bob.getByLabel("User name").fill(`nina_${suffix}`);
  await bob.getByLabel("Display name").fill("Nina");
  await bob.getByLabel("Password").fill("a long enough password");
  await bob.getByRole("button", { name: "Create account" }).click();
  await expect(nav(bob)).toBeVisible();
  // The used invite leaves the address bar, and /register with it.
  assert.equal(new URL(bob.url()).search, "");
  assert.notEqual(new URL(bob.url()).pathname, "/register");

  // The tab asks the server again when it opens. (Not a reload: that would look up Bob, deactivated, whose profile is
  // now 404 as documented, and the strict page counts every 404.)
  await mia.getByRole("tab", { name: "Settings" }).click();
  await mia.getByRole("tab", { name: "Invites" }).click();
  await expect(mia.getByRole("table").getByRole("cell", { name: "1 of 1" })).toBeVisible();
});

test("nothing failed in any tab", () => {
  assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");
});
