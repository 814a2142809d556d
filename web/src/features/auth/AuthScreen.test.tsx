import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import { api } from "../../api/client";
import type { MeDto } from "../../api/types";
import { render, typeInto } from "../../lib/testDom";
import { AuthScreen } from "./AuthScreen";

const flush = () => act(async () => undefined);
const buttons = () => Array.from(document.querySelectorAll("button")).map((b) => b.textContent);

describe("AuthScreen registration", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    history.replaceState(null, "", "/");
    document.body.innerHTML = "";
  });

  it("says registration is closed and offers no sign-up", async () => {
    vi.spyOn(api, "server").mockResolvedValue({ name: "Acme chat", registrationMode: "closed", maxUploadBytes: 1, maxMessageLength: 1, customEmoji: "admins" });
    const view = render(<AuthScreen onSignedIn={() => undefined} />);
    await flush();
    expect(view.container.querySelector("[data-testid='registration-note']")!.textContent).toMatch(/^Registration is closed/);
    expect(view.container.querySelector("h1")!.textContent).toBe("Sign in to Acme chat");
    expect(buttons()).not.toContain("Create an account");
    view.unmount();
  });

  it("opens sign-up from an invite link and registers with its token", async () => {
    history.replaceState(null, "", "/?invite=tok123");
    vi.spyOn(api, "server").mockResolvedValue({ name: "Acme chat", registrationMode: "invite", maxUploadBytes: 1, maxMessageLength: 1, customEmoji: "admins" });
    const register = vi.spyOn(api, "register").mockResolvedValue({} as MeDto);
    vi.spyOn(api, "login").mockResolvedValue({ id: "me" } as MeDto);
    const signedIn = vi.fn();
    const view = render(<AuthScreen onSignedIn={signedIn} />);
    await flush();
    const input = (name: string) => view.container.querySelector<HTMLInputElement>(`input[name='${name}']`)!;
    typeInto(input("username"), "carol");
    typeInto(input("password"), "a long password");
    await act(async () => view.container.querySelector<HTMLButtonElement>("button[type='submit']")!.click());
    await flush();
    expect(register).toHaveBeenCalledWith("carol", "a long password", "", "tok123", undefined);
    expect(signedIn).toHaveBeenCalled();
    expect(location.search).toBe("");
    view.unmount();
  });
});
