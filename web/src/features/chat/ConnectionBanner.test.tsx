import { afterEach, describe, expect, it } from "vitest";
import { fakeStore, render, WithStore } from "../../lib/testDom";
import { ConnectionBanner } from "./ConnectionBanner";

describe("ConnectionBanner", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("says offline as soon as the browser does, before the hub notices, and goes when back online", () => {
    const fake = fakeStore({ status: "connected", online: true, outbox: [] });
    const view = render(<WithStore store={fake.store}><ConnectionBanner /></WithStore>);
    expect(view.container.querySelector("[role='status']")).toBeNull();
    fake.update({ online: false }); // the window's "offline" event; the hub still thinks it is connected
    expect(view.container.querySelector("[role='status']")?.textContent).toContain("Offline");
    fake.update({ online: true });
    expect(view.container.querySelector("[role='status']")).toBeNull();
    view.unmount();
  });
});
