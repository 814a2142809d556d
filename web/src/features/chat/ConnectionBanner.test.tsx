// @vitest-environment jsdom
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
    expect(view.container.querySelector("[role='status']")?.textContent).toContain("You're offline — showing saved messages");
    fake.update({ online: true });
    expect(view.container.querySelector("[role='status']")).toBeNull();
    view.unmount();
  });

  it("says the app shows saved messages while it runs from the saved state, with what waits to send", () => {
    const fake = fakeStore({ status: "connecting", online: true, savedView: true, outbox: [{ status: "queued" }] as never });
    const view = render(<WithStore store={fake.store}><ConnectionBanner /></WithStore>);
    const text = view.container.querySelector("[role='status']")?.textContent;
    expect(text).toContain("You're offline — showing saved messages; sends will go out when you reconnect.");
    expect(text).toContain("1 message waiting to send");
    fake.update({ status: "connected", savedView: false }); // connected: catch-up made it live
    expect(view.container.querySelector("[role='status']")).toBeNull();
    view.unmount();
  });
});
