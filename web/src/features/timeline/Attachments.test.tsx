// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { act } from "react";
import type { FileDto } from "../../api/types";
import { render } from "../../lib/testDom";
import { Attachments } from "./Attachments";

const file = (extra: Partial<FileDto>): FileDto => ({
  id: "f1", name: "photo.png", contentType: "image/png", kind: "image", size: 1000, width: 1600, height: 1000, durationMs: null,
  url: "/api/files/f1/content", thumbnailUrl: "/api/files/f1/thumbnail", voice: false, ...extra,
});

describe("Attachments", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("reserves a picture's box from its size, shows the thumbnail, and opens the full picture in a modal lightbox", () => {
    const view = render(<Attachments files={[file({})]} />);
    const button = view.container.querySelector<HTMLButtonElement>("button[aria-label='Open picture photo.png']")!;
    expect(button.style.width).toBe("400px");
    expect(button.style.aspectRatio).toBe("400 / 250");
    expect(button.querySelector("img")!.getAttribute("src")).toBe("/api/files/f1/thumbnail");
    act(() => button.click());
    const dialog = document.querySelector("[role='dialog']")!;
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.querySelector("img")!.getAttribute("src")).toBe("/api/files/f1/content");
    expect(dialog.querySelector("a")!.getAttribute("href")).toBe("/api/files/f1/content?download=true");
    view.unmount();
  });

  it("renders other files as cards with the name as text, and voice messages with their length", () => {
    const view = render(<Attachments files={[
      file({ id: "f2", name: "<img src=x onerror=alert(1)>.txt", kind: "file", contentType: "text/plain", size: 2048, width: null, height: null, thumbnailUrl: null, url: "/api/files/f2/content" }),
      file({ id: "f3", name: "Voice message 2026-01-01 10.00.webm", kind: "audio", contentType: "audio/webm", durationMs: 3200, width: null, height: null, thumbnailUrl: null, url: "/api/files/f3/content", voice: true }),
    ]} />);
    expect(view.container.querySelector("img[src='x']")).toBeNull();
    expect(view.container.querySelector(".file-card-name")!.textContent).toBe("<img src=x onerror=alert(1)>.txt");
    expect(view.container.querySelector(".file-card-meta")!.textContent).toBe("2 KB");
    const audio = view.container.querySelector("audio")!;
    expect(audio.getAttribute("aria-label")).toBe("Voice message, 0:03");
    expect(audio.getAttribute("preload")).toBe("metadata");
    view.unmount();
  });

  it("labels a voice message with the player's length once it knows it, floored like the player (3.9 s is 0:03)", () => {
    const view = render(<Attachments files={[
      file({ id: "f4", name: "Voice message.webm", kind: "audio", contentType: "audio/webm", durationMs: 4100, width: null, height: null, thumbnailUrl: null, url: "/api/files/f4/content", voice: true }),
    ]} />);
    const audio = view.container.querySelector("audio")!;
    Object.defineProperty(audio, "duration", { configurable: true, value: 3.9 });
    act(() => { audio.dispatchEvent(new Event("durationchange")); });
    expect(audio.getAttribute("aria-label")).toBe("Voice message, 0:03");
    expect(view.container.querySelector(".attachment-audio-label")!.textContent).toBe("Voice message, 0:03");
    view.unmount();
  });
});
