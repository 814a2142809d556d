import { describe, expect, it } from "vitest";
import { clampZoom, panCrop, squareCrop, zoomCrop, zoomOf } from "./crop";

describe("square crop", () => {
  it("starts as the largest centred square", () => {
    expect(squareCrop(400, 300)).toEqual({ x: 50, y: 0, size: 300 });
    expect(squareCrop(300, 400)).toEqual({ x: 0, y: 50, size: 300 });
    expect(squareCrop(256, 256)).toEqual({ x: 0, y: 0, size: 256 });
  });
  it("gets smaller with zoom, around the same centre", () => {
    const c = squareCrop(400, 300, 2);
    expect(c).toEqual({ x: 125, y: 75, size: 150 });
    expect(zoomOf(400, 300, c)).toBe(2);
    expect(zoomCrop(400, 300, c, 1)).toEqual({ x: 50, y: 0, size: 300 });
  });
  it("never leaves the picture", () => {
    expect(squareCrop(400, 300, 2, 0, 0)).toEqual({ x: 0, y: 0, size: 150 });
    expect(squareCrop(400, 300, 2, 1000, 1000)).toEqual({ x: 250, y: 150, size: 150 });
    expect(clampZoom(10)).toBe(4);
    expect(clampZoom(0.2)).toBe(1);
    expect(clampZoom(Number.NaN)).toBe(1);
  });
  it("moves against the drag, scaled from the preview to the picture", () => {
    const c = squareCrop(400, 300, 2); // 150 px of picture shown in a 300 px preview
    expect(panCrop(400, 300, c, 100, 0, 300)).toEqual({ x: 75, y: 75, size: 150 });
    expect(panCrop(400, 300, c, -1000, -1000, 300)).toEqual({ x: 250, y: 150, size: 150 });
  });
});
