// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import { api, ApiError } from "../../api/client";
import { render, typeInto } from "../../lib/testDom";
import { AuthScreen } from "./AuthScreen";

const flush = () => act(async () => undefined);
const server = (email: boolean, requireEmailVerification = false) =>
  ({ name: "Acme", registrationMode: "open" as const, maxUploadBytes: 1, maxMessageLength: 1, customEmoji: "admins" as const, email, requireEmailVerification });
const button = (text: string) => Array.from(document.querySelectorAll("button")).find((b) => b.textContent === text);

describe("AuthScreen e-mail", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = "";
  });

  it("hides Forgot password and the e-mail field when the server sends no mail", async () => {
    vi.spyOn(api, "server").mockResolvedValue(server(false));
    const view = render(<AuthScreen onSignedIn={() => undefined} />);
    await flush();
    expect(button("Forgot password?")).toBeUndefined();
    await act(async () => button("Create an account")!.click());
    expect(view.container.querySelector("input[name='email']")).toBeNull();
    view.unmount();
  });

  it("asks for a required e-mail on sign-up and offers Resend when sign-in waits for verification", async () => {
    vi.spyOn(api, "server").mockResolvedValue(server(true, true));
    const register = vi.spyOn(api, "register").mockResolvedValue({} as never);
    vi.spyOn(api, "login").mockRejectedValue(new ApiError(403, { title: "Verify your e-mail address first.", code: "email_unverified" }));
    const resend = vi.spyOn(api, "resendVerification").mockResolvedValue(undefined);
    const view = render(<AuthScreen onSignedIn={() => undefined} />);
    await flush();
    await act(async () => button("Create an account")!.click());
    const input = (name: string) => view.container.querySelector<HTMLInputElement>(`input[name='${name}']`)!;
    expect(input("email").required).toBe(true);
    typeInto(input("username"), "erin");
    typeInto(input("password"), "a long password");
    typeInto(input("email"), "erin@example.org");
    await act(async () => button("Create account")!.click());
    await flush();
    expect(register).toHaveBeenCalledWith("erin", "a long password", "", undefined, "erin@example.org");
    expect(view.container.querySelector("[role='alert']")!.textContent).toContain("Verify your e-mail.");
    await act(async () => button("Resend")!.click());
    await flush();
    expect(resend).toHaveBeenCalledWith("erin", "a long password");
    expect(view.container.querySelector("[role='alert']")!.textContent).toContain("We sent a new link.");
    expect(view.container.querySelector("h1")!.textContent).toBe("Sign in to Acme");
    view.unmount();
  });
});
