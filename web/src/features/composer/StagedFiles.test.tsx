// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import { render } from "../../lib/testDom";
import { failed, progressed, stage, started } from "../../lib/uploads";
import { StagedFiles } from "./StagedFiles";

describe("StagedFiles", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("shows progress as an accessible progress bar, the server's error, and remove/retry buttons named after the file", () => {
    let list = stage([], [
      { key: "a", name: "<b>plan</b>.pdf", size: 2048, type: "application/pdf", kind: "file" },
      { key: "b", name: "big.zip", size: 99, type: "application/zip", kind: "file" },
    ]).list;
    list = progressed(started(list, "a"), "a", 512, 2048);
    list = failed(started(list, "b"), "b", "The file is too large: the limit is 50 MB.");
    const onRemove = vi.fn();
    const onRetry = vi.fn();
    const view = render(<StagedFiles items={list} onRemove={onRemove} onRetry={onRetry} />);
    const bar = view.container.querySelector("[role='progressbar']")!;
    expect(bar.getAttribute("aria-valuenow")).toBe("25");
    expect(bar.getAttribute("aria-label")).toBe("Uploading <b>plan</b>.pdf");
    expect(view.container.querySelector("b")).toBeNull(); // the name is text
    expect(view.container.querySelector("[role='alert']")!.textContent).toContain("too large");
    act(() => view.container.querySelector<HTMLElement>("button[aria-label='Remove <b>plan</b>.pdf']")!.click());
    expect(onRemove).toHaveBeenCalledWith("a");
    act(() => view.container.querySelector<HTMLElement>("button[aria-label='Retry big.zip']")!.click());
    expect(onRetry).toHaveBeenCalledWith("b");
    view.unmount();
  });
});
