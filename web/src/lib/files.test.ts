import { describe, expect, it } from "vitest";
import { displayBox, downloadUrl, fileBadge, fileFamily, fitWithin, formatDuration, guessKind, humanSize, pastedName } from "./files";

describe("humanSize", () => {
  it("reads like a person would say it", () => {
    expect(humanSize(0)).toBe("0 bytes");
    expect(humanSize(1)).toBe("1 byte");
    expect(humanSize(1023)).toBe("1023 bytes");
    expect(humanSize(1024)).toBe("1 KB");
    expect(humanSize(1536)).toBe("1.5 KB");
    expect(humanSize(12 * 1024 * 1024 + 300000)).toBe("12 MB");
    expect(humanSize(50 * 1024 * 1024)).toBe("50 MB");
    expect(humanSize(1024 * 1024 - 1)).toBe("1 MB");
    expect(humanSize(2.25 * 1024 ** 3)).toBe("2.3 GB");
    expect(humanSize(-1)).toBe("");
  });
});

describe("formatDuration", () => {
  it("shows minutes and seconds, hours when needed", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(3000)).toBe("0:03");
    expect(formatDuration(3499)).toBe("0:03");
    expect(formatDuration(1600)).toBe("0:01");
    expect(formatDuration(400)).toBe("0:01");
    expect(formatDuration(65_000)).toBe("1:05");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("0:00");
    expect(formatDuration(Number.NaN)).toBe("0:00");
  });
});

describe("fitWithin (thumbnail size)", () => {
  it("scales the longest side down to the limit and keeps the ratio", () => {
    expect(fitWithin(4000, 3000, 480)).toEqual({ width: 480, height: 360 });
    expect(fitWithin(1080, 1920, 480)).toEqual({ width: 270, height: 480 });
    expect(fitWithin(300, 200, 480)).toEqual({ width: 300, height: 200 });
    expect(fitWithin(10000, 10, 480)).toEqual({ width: 480, height: 1 });
    expect(fitWithin(0, 10, 480)).toEqual({ width: 0, height: 0 });
  });
});

describe("displayBox (space reserved in the timeline)", () => {
  it("keeps the aspect ratio within the limits, never enlarging", () => {
    expect(displayBox(4000, 3000, 360, 300)).toEqual({ width: 360, height: 270 });
    expect(displayBox(1080, 1920, 360, 300)).toEqual({ width: 169, height: 300 });
    expect(displayBox(200, 100, 360, 300)).toEqual({ width: 200, height: 100 });
  });
  it("keeps slivers clickable and has a default box when the size is unknown", () => {
    expect(displayBox(5000, 20, 360, 300)).toEqual({ width: 360, height: 48 });
    expect(displayBox(null, null, 360, 300)).toEqual({ width: 320, height: 240 });
  });
});

describe("file helpers", () => {
  it("guesses how a file will show from its claimed type", () => {
    expect(guessKind("image/png")).toBe("image");
    expect(guessKind("image/svg+xml")).toBe("file");
    expect(guessKind("video/mp4")).toBe("video");
    expect(guessKind("audio/webm")).toBe("audio");
    expect(guessKind("")).toBe("file");
  });
  it("labels and groups file cards", () => {
    expect(fileBadge("report.final.pdf", "application/octet-stream")).toBe("PDF");
    expect(fileBadge("README", "application/octet-stream")).toBe("FILE");
    expect(fileFamily("a.zip", "application/octet-stream")).toBe("archive");
    expect(fileFamily("a.pdf", "application/octet-stream")).toBe("pdf");
    expect(fileFamily("notes", "application/octet-stream")).toBe("other");
  });
  it("builds the download address and names pasted pictures", () => {
    expect(downloadUrl("/api/files/1/content")).toBe("/api/files/1/content?download=true");
    expect(pastedName("image/png", new Date(2026, 0, 2, 3, 4, 5))).toBe("Pasted image 2026-01-02 03.04.05.png");
    expect(pastedName("image/jpeg", new Date(2026, 0, 2, 3, 4, 5))).toMatch(/\.jpg$/);
  });
});
