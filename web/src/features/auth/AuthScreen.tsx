import { useEffect, useState, type FormEvent } from "react";
import { api, ApiError, errorCode, errorText, isTwoFactorPrompt } from "../../api/client";
import type { MeDto, ServerInfo, TwoFactorPrompt } from "../../api/types";
import { TextField } from "../../components/TextField";
import { ForgotPassword } from "./ForgotPassword";
import { PasskeySignIn } from "./PasskeySignIn";
import { ssoErrorText, takeSsoError } from "./sso";
import { SsoButtons } from "./SsoButtons";
import { inviteTokenFrom, pathAfterInvite, SIGN_UP_NOTE, signUpState } from "./registration";
import { TwoFactorStep } from "./TwoFactorStep";

interface Props {
  onSignedIn: (me: MeDto) => void;
  /** Why this tab was signed out (the server ended its session), shown until the next try. */
  notice?: string;
}

type Mode = "signIn" | "signUp" | "forgot";

export function AuthScreen({ onSignedIn, notice }: Props) {
  const [invite] = useState(() => inviteTokenFrom(location.search));
  // A link with an invite opens on the sign-up form.
  const [mode, setMode] = useState<Mode>(invite ? "signUp" : "signIn");
  const [server, setServer] = useState<ServerInfo | null>(null);
  // Until the server says what it offers, the form isn't shown: its buttons (sign-up, single sign-on, passkeys, forgot
  // password) would move under a pointer already on its way to one of them.
  const [serverKnown, setServerKnown] = useState(false);
  useEffect(() => {
    // An older server has no /api/server: registration stays open as before.
    api.server().then(setServer, () => undefined).finally(() => setServerKnown(true));
  }, []);
  const signUpOffer = signUpState(server?.registrationMode ?? null, invite);
  const canSignUp = signUpOffer === "open" || signUpOffer === "withInvite";
  const [userName, setUserName] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [email, setEmail] = useState("");
  const [resent, setResent] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  // The password was right and a second factor is owed.
  const [prompt, setPrompt] = useState<TwoFactorPrompt | null>(null);
  // A single sign-on that came back refused: said once, then gone from the address bar.
  const [ssoError] = useState(() => takeSsoError(location.search, location.pathname));
  useEffect(() => {
    if (ssoError) history.replaceState(null, "", ssoError.address);
  }, [ssoError]);
  // SSO-only: the password form is the owner's way in, behind a button.
  const [showPassword, setShowPassword] = useState(false);

  const fieldErrors = (field: string) => (error instanceof ApiError ? error.fieldErrors(field) : []);
  const hasFieldErrors = ["userName", "password", "displayName", "email"].some((f) => fieldErrors(f).length > 0);
  const unverified = errorCode(error) === "email_unverified";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (signUp) {
        await api.register(userName.trim(), password, displayName.trim(), invite ?? undefined, email.trim() || undefined);
        // The invite is used: it leaves the address bar (and the history a reload would resend).
        if (invite) history.replaceState(null, "", pathAfterInvite(location.pathname));
      }
      const answer = await api.login(userName.trim(), password);
      if (isTwoFactorPrompt(answer)) setPrompt(answer);
      else onSignedIn(answer);
    } catch (err) {
      // Made, but the server waits for the address to be verified: what is left is signing in afterwards.
      if (errorCode(err) === "email_unverified") setMode("signIn");
      setError(err instanceof Error ? err : new Error(errorText(err)));
    } finally {
      setBusy(false);
    }
  }

  function switchTo(next: Mode) {
    setMode(next);
    setError(null);
  }

  async function resend() {
    try {
      await api.resendVerification(userName.trim(), password);
      setResent(true);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(errorText(err)));
    }
  }

  if (!serverKnown) {
    return (
      <main className="auth" aria-busy="true">
        <div className="auth-card"><div className="auth-logo" aria-hidden="true">P</div></div>
      </main>
    );
  }

  if (mode === "forgot") {
    return (
      <main className="auth">
        <div className="auth-card">
          <div className="auth-logo" aria-hidden="true">P</div>
          <ForgotPassword initialLogin={userName} onBack={() => switchTo("signIn")} />
        </div>
      </main>
    );
  }

  const ssoOnly = server?.ssoOnly === true;
  const signUp = mode === "signUp" && canSignUp && !ssoOnly;
  const passwordForm = !ssoOnly || showPassword;
  const note = SIGN_UP_NOTE[signUpOffer];
  const serverName = server?.name || "Parley";
  if (prompt) {
    return (
      <main className="auth">
        <TwoFactorStep prompt={prompt} onSignedIn={onSignedIn} onCancel={() => { setPrompt(null); setPassword(""); }} />
      </main>
    );
  }
  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} noValidate>
        <div className="auth-logo" aria-hidden="true">P</div>
        <h1>{signUp ? `Create your ${serverName} account` : `Sign in to ${serverName}`}</h1>
        {note && (signUp || !canSignUp) && <p className="auth-note" role="status" data-testid="registration-note">{note}</p>}
        {notice && !error && <p className="auth-note" role="status" data-testid="signed-out-reason">{notice}</p>}
        {ssoError && <div role="alert" className="alert" data-testid="sso-error">{ssoErrorText(ssoError.code)}</div>}
        {!signUp && <SsoButtons providers={server?.sso ?? []} returnUrl={ssoError?.address ?? location.pathname + location.search} />}
        {ssoOnly && !showPassword && (
          <div className="auth-switch">
            <button type="button" className="link" onClick={() => setShowPassword(true)}>Sign in with a password (owner)</button>
          </div>
        )}
        {unverified ? (
          <div role="alert" className="alert">
            <strong>Verify your e-mail.</strong> {errorText(error)}{" "}
            {resent ? <span>We sent a new link.</span> : <button type="button" className="link" onClick={() => void resend()}>Resend</button>}
          </div>
        ) : error && (
          <div role="alert" className="alert">
            {hasFieldErrors && error instanceof ApiError && error.problem.errors ? "Please fix the fields below." : errorText(error)}
          </div>
        )}
        {passwordForm && <>
        <TextField label="User name" name="username" autoComplete="username" value={userName} required autoFocus
          onChange={(e) => setUserName(e.target.value)} errors={fieldErrors("userName")} />
        {signUp && (
          <TextField label="Display name" name="displayName" autoComplete="name" value={displayName} placeholder="How others see you"
            onChange={(e) => setDisplayName(e.target.value)} errors={fieldErrors("displayName")} />
        )}
        {signUp && server?.email && (
          <TextField label={server.requireEmailVerification ? "E-mail" : "E-mail (optional)"} name="email" type="email" autoComplete="email"
            value={email} required={server.requireEmailVerification} onChange={(e) => setEmail(e.target.value)} errors={fieldErrors("email")}
            hint={server.requireEmailVerification ? "We mail you a link to verify it before you sign in." : "For a forgotten password, and notices of new sign-ins."} />
        )}
        <TextField label="Password" name="password" type="password" autoComplete={signUp ? "new-password" : "current-password"}
          value={password} required onChange={(e) => setPassword(e.target.value)} errors={fieldErrors("password")}
          hint={signUp ? "At least 10 characters, not containing your user name." : undefined} />
        <button type="submit" className="primary wide" disabled={busy}>{signUp ? "Create account" : "Sign in"}</button>
        {!signUp && server?.email && (
          <div className="auth-switch"><button type="button" className="link" onClick={() => switchTo("forgot")}>Forgot password?</button></div>
        )}
        </>}
        {!signUp && server?.passkeys && <PasskeySignIn onSignedIn={onSignedIn} />}
        <div className="auth-switch">
          {signUp ? (
            <button type="button" className="link" onClick={() => switchTo("signIn")}>I already have an account</button>
          ) : canSignUp && !ssoOnly ? (
            <button type="button" className="link" onClick={() => switchTo("signUp")}>Create an account</button>
          ) : null}
        </div>
      </form>
    </main>
  );
}
