import { describe, expect, it } from "vitest";
import type { FileDto } from "../api/types";
import {
  MAX_FILES, canSend, failed, isBusy, percent, progressed, readyFiles, removed, retried, sendBlockedReason, stage, started, succeeded,
} from "./uploads";

const file = (id: string): FileDto => ({
  id, name: `${id}.png`, contentType: "image/png", kind: "image", size: 100, width: 10, height: 10, durationMs: null,
  url: `/api/files/${id}/content`, thumbnailUrl: null, voice: false,
});
const item = (key: string) => ({ key, name: `${key}.png`, size: 100, type: "image/png", kind: "image" as const });

describe("upload queue", () => {
  it("goes preparing → uploading → done, with progress, and blocks sending until then", () => {
    let l = stage([], [item("a")]).list;
    expect(l[0]!.status).toBe("preparing");
    expect(isBusy(l)).toBe(true);
    expect(canSend(l, "caption")).toBe(false);
    l = started(l, "a");
    l = progressed(l, "a", 60, 120);
    expect(percent(l[0]!)).toBe(50);
    expect(progressed(l, "a", 30, 120)).toBe(l); // progress never goes back
    l = succeeded(l, "a", file("f1"));
    expect(percent(l[0]!)).toBe(100);
    expect(isBusy(l)).toBe(false);
    expect(canSend(l, "")).toBe(true); // files alone are a message
    expect(readyFiles(l).map((f) => f.id)).toEqual(["f1"]);
  });

  it("keeps the order files were added in, whatever order they finish", () => {
    let l = stage([], [item("a"), item("b")]).list;
    l = started(started(l, "a"), "b");
    l = succeeded(l, "b", file("fb"));
    expect(canSend(l, "x")).toBe(false);
    l = succeeded(l, "a", file("fa"));
    expect(readyFiles(l).map((f) => f.id)).toEqual(["fa", "fb"]);
  });

  it("a failure shows its error and holds the send until retried or removed", () => {
    let l = stage([], [item("a"), item("b")]).list;
    l = succeeded(started(l, "a"), "a", file("fa"));
    l = failed(started(l, "b"), "b", "The file is too large: the limit is 50 MB.");
    expect(l[1]!.error).toContain("too large");
    expect(canSend(l, "hi")).toBe(false);
    expect(sendBlockedReason(l)).toMatch(/Retry or remove/);
    const again = retried(l, "b");
    expect(again[1]!.status).toBe("preparing");
    expect(again[1]!.error).toBeNull();
    const without = removed(l, "b");
    expect(canSend(without, "")).toBe(true);
    expect(sendBlockedReason(without)).toBeNull();
  });

  it("a finished upload is not marked failed by a late error; cancel removes it", () => {
    let l = succeeded(started(stage([], [item("a")]).list, "a"), "a", file("fa"));
    expect(failed(l, "a", "late")).toBe(l);
    l = removed(l, "a");
    expect(l).toEqual([]);
    expect(canSend(l, " ")).toBe(false);
  });

  it("takes at most ten files for one message", () => {
    const many = Array.from({ length: 12 }, (_, i) => item(`k${i}`));
    const r = stage([], many);
    expect(r.list).toHaveLength(MAX_FILES);
    expect(r.refused).toBe(2);
    expect(stage(r.list, [item("x")]).refused).toBe(1);
  });
});
