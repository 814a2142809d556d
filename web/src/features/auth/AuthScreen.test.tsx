// @vitest-environment jsdom
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

describe("AuthScreen two-factor", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = "";
  });

  const server = { name: "Acme chat", registrationMode: "open", maxUploadBytes: 1, maxMessageLength: 1, customEmoji: "admins" } as const;

  async function signIn(view: ReturnType<typeof render>) {
    const input = (name: string) => view.container.querySelector<HTMLInputElement>(`input[name='${name}']`)!;
    typeInto(input("username"), "alice");
    typeInto(input("password"), "a long password");
    await act(async () => view.container.querySelector<HTMLButtonElement>("button[type='submit']")!.click());
    await flush();
  }

  it("asks for the code after the password and signs in with it", async () => {
    vi.spyOn(api, "server").mockResolvedValue(server);
    vi.spyOn(api, "login").mockResolvedValue({ twoFactorRequired: true, twoFactorSetupRequired: false, challenge: "ch1" });
    const second = vi.spyOn(api, "loginTwoFactor").mockResolvedValue({ id: "me" } as MeDto);
    const signedIn = vi.fn();
    const view = render(<AuthScreen onSignedIn={signedIn} />);
    await flush();
    await signIn(view);
    expect(signedIn).not.toHaveBeenCalled();
    const code = view.container.querySelector<HTMLInputElement>("input[name='totp-code']")!;
    expect(code.inputMode).toBe("numeric");
    expect(code.autocomplete).toBe("one-time-code");
    expect(document.querySelector("label[for='" + code.id + "']")!.textContent).toBe("Enter the 6-digit code from your authenticator app");
    typeInto(code, "123 456");
    await act(async () => view.container.querySelector<HTMLButtonElement>("button[type='submit']")!.click());
    await flush();
    expect(second).toHaveBeenCalledWith("ch1", { code: "123456" });
    expect(signedIn).toHaveBeenCalledWith({ id: "me" });
    view.unmount();
  });

  it("takes a recovery code instead, and shows a refusal under the field", async () => {
    vi.spyOn(api, "server").mockResolvedValue(server);
    vi.spyOn(api, "login").mockResolvedValue({ twoFactorRequired: true, twoFactorSetupRequired: false, challenge: "ch2" });
    const { ApiError } = await import("../../api/client");
    const second = vi.spyOn(api, "loginTwoFactor").mockRejectedValue(
      new ApiError(401, { title: "That recovery code is wrong or was used already.", status: 401, errors: { recoveryCode: ["That recovery code is wrong or was used already."] } }));
    const signedIn = vi.fn();
    const view = render(<AuthScreen onSignedIn={signedIn} />);
    await flush();
    await signIn(view);
    const toggle = Array.from(view.container.querySelectorAll("button")).find((b) => b.textContent === "Use a recovery code instead")!;
    await act(async () => toggle.click());
    typeInto(view.container.querySelector<HTMLInputElement>("input[name='recovery-code']")!, "abcde-fghjk");
    await act(async () => view.container.querySelector<HTMLButtonElement>("button[type='submit']")!.click());
    await flush();
    expect(second).toHaveBeenCalledWith("ch2", { recoveryCode: "abcde-fghjk" });
    expect(view.container.textContent).toContain("That recovery code is wrong or was used already.");
    expect(signedIn).not.toHaveBeenCalled();
    view.unmount();
  });

  it("enrols inline when the server requires it, then shows the recovery codes before continuing", async () => {
    vi.spyOn(api, "server").mockResolvedValue({ ...server, requireTwoFactor: true });
    vi.spyOn(api, "login").mockResolvedValue({ twoFactorRequired: false, twoFactorSetupRequired: true, challenge: "ch3" });
    vi.spyOn(api, "requiredTwoFactorSetup").mockResolvedValue({ secret: "JBSWY3DPEHPK3PXP", otpauthUri: "otpauth://totp/x", qrSvg: "<svg/>" });
    const confirm = vi.spyOn(api, "confirmRequiredTwoFactor").mockResolvedValue({ id: "me", recoveryCodes: ["aaaaa-bbbbb"] } as MeDto & { recoveryCodes: string[] });
    const signedIn = vi.fn();
    const view = render(<AuthScreen onSignedIn={signedIn} />);
    await flush();
    await signIn(view);
    expect(view.container.querySelector("[data-testid='totp-secret']")!.textContent).toBe("JBSW Y3DP EHPK 3PXP");
    expect(view.container.querySelector<HTMLImageElement>("img.two-factor-qr")!.src).toMatch(/^data:image\/svg\+xml;base64,/);
    typeInto(view.container.querySelector<HTMLInputElement>("input[name='totp-code']")!, "654321");
    await act(async () => view.container.querySelector<HTMLButtonElement>("button[type='submit']")!.click());
    await flush();
    expect(confirm).toHaveBeenCalledWith("ch3", "654321");
    expect(view.container.querySelector("[data-testid='recovery-codes']")!.textContent).toContain("aaaaa-bbbbb");
    expect(signedIn).not.toHaveBeenCalled();
    const done = Array.from(view.container.querySelectorAll("button")).find((b) => b.textContent === "I saved them, continue")!;
    await act(async () => done.click());
    expect(signedIn).toHaveBeenCalledWith({ id: "me" });
    view.unmount();
  });
});
