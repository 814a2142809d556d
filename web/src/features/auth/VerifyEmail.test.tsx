// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import { api, ApiError } from "../../api/client";
import { render } from "../../lib/testDom";
import { VerifyEmail } from "./VerifyEmail";

const flush = () => act(async () => undefined);

describe("VerifyEmail", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = "";
  });

  it("verifies once on opening", async () => {
    const verify = vi.spyOn(api, "verifyEmail").mockResolvedValue(undefined);
    const view = render(<VerifyEmail token="good" />);
    await flush();
    expect(view.container.querySelector("h1")!.textContent).toBe("Address verified");
    expect(verify).toHaveBeenCalledTimes(1);
    view.unmount();
  });

  it("says a used or expired link is dead", async () => {
    vi.spyOn(api, "verifyEmail").mockRejectedValue(new ApiError(400, { title: "used", errors: { token: ["used"] } }));
    const view = render(<VerifyEmail token="used" />);
    await flush();
    expect(view.container.querySelector("h1")!.textContent).toBe("Link expired");
    expect(view.container.querySelector("[role='alert']")!.textContent).toContain("already used or has expired");
    view.unmount();
  });
});
