// Files, pictures, voice messages and avatars between two people, through the real app and server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startServer, launchBrowser, strictPage } from "./harness.mjs";
import { expect } from "./expect.mjs";
import { landscapePng, portraitPng } from "./fixtures.mjs";
import {
  signUp, createRoom, joinRoom, send, message, messages, composer, attach, staged, uploadsDone, loaded, setAvatar,
} from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `media-${suffix}`;
let server, browser, alice, bob;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The microphone: Chromium's fake device (a beep), allowed without a prompt.
  const options = { viewport: { width: 1280, height: 800 }, permissions: ["microphone"], acceptDownloads: true };
  alice = await strictPage(await browser.newContext(options), problems);
  bob = await strictPage(await browser.newContext(options), problems);
  await signUp(alice, server.url, `alice_${suffix}`, "Alice");
  await signUp(bob, server.url, `bob_${suffix}`, "Bob");
  await createRoom(alice, room);
  await joinRoom(bob, room);
  await expect(message(alice, "Bob joined")).toBeVisible();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a picture with a caption arrives inline, in a box of its shape, and opens in the lightbox", async () => {
  await attach(alice, { name: "hills.png", mimeType: "image/png", buffer: landscapePng(800, 500) });
  await expect(staged(alice)).toContainText("hills.png");
  await uploadsDone(alice);
  await composer(alice).fill("The view from the office");
  await composer(alice).press("Enter");
  await expect(staged(alice)).toHaveCount(0);

  const item = message(bob, "The view from the office");
  const picture = item.getByRole("button", { name: "Open picture hills.png" });
  await expect(picture).toBeVisible();
  const box = await picture.boundingBox();
  assert.ok(Math.abs(box.width / box.height - 800 / 500) < 0.03, `the box has the picture's shape (${box.width}×${box.height})`);
  const img = await loaded(picture.locator("img"));
  assert.ok(img.width > 0, "the picture loaded");
  assert.match(img.src, /\/thumbnail$/, "the timeline shows the thumbnail drawn in the browser");
  assert.ok(img.width <= 480, "the thumbnail is at most 480 px");

  await picture.click();
  const lightbox = bob.getByRole("dialog", { name: "Picture: hills.png" });
  await expect(lightbox).toBeVisible();
  const full = await loaded(lightbox.getByRole("img", { name: "hills.png" }));
  assert.deepEqual([full.width, full.height], [800, 500], "the lightbox shows the full picture");
  await expect(lightbox.getByRole("link", { name: "Download hills.png" })).toBeVisible();
  await bob.keyboard.press("Escape");
  await expect(lightbox).toBeHidden();
});

test("several files go as one message; a removed one is left out", async () => {
  await attach(alice, [
    { name: "one.png", mimeType: "image/png", buffer: landscapePng(320, 240, 1) },
    { name: "two.png", mimeType: "image/png", buffer: landscapePng(240, 320, 2) },
    { name: "draft.txt", mimeType: "text/plain", buffer: Buffer.from("not this one") },
  ]);
  await uploadsDone(alice);
  await expect(staged(alice).getByRole("listitem")).toHaveCount(3);
  await staged(alice).getByRole("button", { name: "Remove draft.txt" }).click();
  await expect(staged(alice).getByRole("listitem")).toHaveCount(2);
  await composer(alice).fill("Two more");
  await composer(alice).press("Enter");
  const item = message(bob, "Two more");
  await expect(item.getByRole("button", { name: /^Open picture/ })).toHaveCount(2);
  assert.equal(await item.getByText("draft.txt").count(), 0);

  await item.getByRole("button", { name: "Open picture one.png" }).click();
  const lightbox = bob.getByRole("dialog", { name: "Picture: one.png" });
  await expect(lightbox).toBeVisible();
  await bob.keyboard.press("ArrowRight");
  await expect(bob.getByRole("dialog", { name: "Picture: two.png" })).toBeVisible();
  await bob.keyboard.press("Escape");
});

test("any other file is a card whose download gives back the same bytes", async () => {
  const bytes = Buffer.from("name,score\nalice,3\nbob,5\n<script>alert(1)</script>\n");
  const name = "scores <img src=x onerror=alert(1)>.csv";
  await attach(alice, { name, mimeType: "text/csv", buffer: bytes });
  await uploadsDone(alice);
  await composer(alice).press("Enter"); // no caption: the file alone is the message
  const card = messages(bob).locator(".file-card").filter({ hasText: name });
  await expect(card).toBeVisible();
  assert.equal(await messages(bob).locator("img[src='x']").count(), 0, "the file name is text, not markup");
  await expect(card).toContainText(`${bytes.length} bytes`);
  const [download] = await Promise.all([
    bob.waitForEvent("download"),
    card.getByRole("link", { name: `Download ${name}` }).click(),
  ]);
  assert.deepEqual(readFileSync(await download.path()), bytes);
});

test("a voice message recorded with the microphone plays on the other side", async () => {
  await alice.getByRole("button", { name: "Record voice message" }).click();
  const recorder = alice.getByRole("group", { name: "Recording a voice message" });
  await expect(recorder).toContainText("Recording 0:0");
  await alice.waitForTimeout(1600);
  await recorder.getByRole("button", { name: "Send voice message" }).click();
  await expect(recorder).toBeHidden();

  const player = messages(bob).getByRole("group").or(messages(bob).locator("audio")).last();
  await expect(messages(bob).getByText(/^Voice message, 0:0[12]$/)).toBeVisible();
  const audio = messages(bob).locator("audio").last();
  await player.waitFor();
  const state = await audio.evaluate(async (el) => {
    if (el.readyState < 1) await new Promise((ok, fail) => {
      el.addEventListener("loadedmetadata", ok, { once: true });
      el.addEventListener("error", () => fail(new Error("audio error " + el.error?.code)), { once: true });
    });
    el.muted = true;
    await el.play();
    const start = el.currentTime;
    await new Promise((r) => setTimeout(r, 700));
    const result = { duration: el.duration, advanced: el.currentTime > start, error: el.error, label: el.getAttribute("aria-label") };
    el.pause();
    return result;
  });
  assert.ok(state.duration > 0, `the recording has a duration (${state.duration})`);
  assert.equal(state.error, null);
  assert.ok(state.advanced, "playback moves on");
  assert.match(state.label, /^Voice message, 0:0[12]$/);
});

test("a new avatar shows to the other person in the timeline and the member list", async () => {
  await send(bob, "Nice recording");
  await expect(message(alice, "Nice recording")).toBeVisible();
  await send(alice, "New picture, who dis");
  await expect(message(bob, "New picture, who dis")).toBeVisible();
  const dialog = await setAvatar(alice, { name: "me.png", mimeType: "image/png", buffer: portraitPng(400) });
  const mine = await loaded(dialog.locator("img.avatar-img"));
  assert.deepEqual([mine.width, mine.height], [256, 256], "the picture is cropped square at 256 px in the browser");
  await alice.keyboard.press("Escape");

  const avatar = message(bob, "New picture, who dis").locator("img.avatar-img");
  const seen = await loaded(avatar);
  assert.equal(seen.src, mine.src, "Bob's timeline shows Alice's new avatar, live");
  await bob.getByRole("button", { name: /^Members/ }).click();
  const panel = bob.getByRole("complementary", { name: "Members" });
  const row = panel.getByRole("button", { name: /Alice/ });
  await expect(row).toContainText("Owner");
  assert.equal((await loaded(row.locator("img.avatar-img"))).src, mine.src);
  await row.click();
  const card = bob.getByRole("dialog", { name: "About Alice" });
  await expect(card).toBeVisible();
  assert.equal((await loaded(card.locator("img.avatar-img"))).src, mine.src);
  await expect(card.getByRole("button", { name: "Message" })).toBeVisible();
  await bob.keyboard.press("Escape");
  await bob.getByRole("button", { name: /^Members/ }).click();
});

test("files dropped on the timeline or pasted into the message box are staged", async () => {
  // What the browser does when files are dropped or pasted (a DataTransfer carrying File objects).
  await alice.evaluate(() => {
    const drop = new DataTransfer();
    drop.items.add(new File(["dropped"], "dropped.txt", { type: "text/plain" }));
    const target = document.querySelector("[role='log'][aria-label='Messages']");
    target.dispatchEvent(new DragEvent("dragenter", { bubbles: true, cancelable: true, dataTransfer: drop }));
    window.__drop = drop;
  });
  await expect(alice.getByText("Drop files to share")).toBeVisible();
  await alice.evaluate(() => {
    const target = document.querySelector("[role='log'][aria-label='Messages']");
    target.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: window.__drop }));
  });
  await expect(alice.getByText("Drop files to share")).toBeHidden();
  await expect(staged(alice)).toContainText("dropped.txt");
  await composer(alice).evaluate((box) => {
    const paste = new DataTransfer();
    paste.items.add(new File([new Uint8Array([137, 80, 78, 71])], "image.png", { type: "image/png" }));
    box.dispatchEvent(new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: paste }));
  });
  await expect(staged(alice)).toContainText("Pasted image");
  await expect(alice.getByRole("progressbar")).toHaveCount(0);
  await staged(alice).getByRole("button", { name: /^Remove Pasted image/ }).click();
  await composer(alice).fill("dropped in");
  await composer(alice).press("Enter");
  await expect(message(bob, "dropped in").locator(".file-card")).toContainText("dropped.txt");
});

test("a file over the server's limit shows the server's reason and holds the send until removed", async () => {
  await attach(alice, { name: "huge.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(3 * 1024 * 1024 + 10, 7) });
  const chip = staged(alice).getByRole("listitem").filter({ hasText: "huge.bin" });
  await expect(chip.getByRole("alert")).toContainText("too large");
  await composer(alice).fill("this can't go yet");
  assert.equal(await alice.getByRole("button", { name: "Send" }).isDisabled(), true, "send waits for the failed file");
  await chip.getByRole("button", { name: "Remove huge.bin" }).click();
  assert.equal(await alice.getByRole("button", { name: "Send" }).isDisabled(), false);
  await composer(alice).fill("");
});

test("the owner sets a room icon; the other side sees it in the sidebar and the header", async () => {
  await alice.getByRole("button", { name: "Room settings" }).click();
  const dialog = alice.getByRole("dialog", { name: "Room settings" });
  const [chooser] = await Promise.all([alice.waitForEvent("filechooser"), dialog.getByRole("button", { name: "Upload icon" }).click()]);
  await chooser.setFiles({ name: "icon.png", mimeType: "image/png", buffer: landscapePng(300, 200, 2) });
  await dialog.getByRole("button", { name: "Use this picture" }).click();
  await expect(dialog.getByRole("button", { name: "Remove icon" })).toBeVisible();
  await alice.keyboard.press("Escape");
  const header = await loaded(bob.locator(".room-header img.room-icon"));
  assert.deepEqual([header.width, header.height], [256, 256]);
  const side = await loaded(bob.getByRole("navigation", { name: "Conversations" }).locator("img.room-icon"));
  assert.equal(side.src, header.src);
});

test("deleting a message takes its files with it", async () => {
  await attach(alice, { name: "oops.png", mimeType: "image/png", buffer: landscapePng(200, 120, 3) });
  await uploadsDone(alice);
  await composer(alice).fill("wrong picture");
  await composer(alice).press("Enter");
  await expect(message(bob, "wrong picture").getByRole("button", { name: "Open picture oops.png" })).toBeVisible();
  const item = message(alice, "wrong picture").last();
  await item.hover();
  await item.getByRole("button", { name: "Delete", exact: true }).click();
  await alice.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(messages(bob).getByRole("button", { name: "Open picture oops.png" })).toHaveCount(0);
  assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");
});
