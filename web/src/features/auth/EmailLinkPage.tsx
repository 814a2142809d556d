import type { EmailLink } from "./emailLinks";
import { ResetPassword } from "./ResetPassword";
import { VerifyEmail } from "./VerifyEmail";

/** What a mailed link opens, signed in or not; "Sign in" leads back to the app (a fresh load without the token). */
export function EmailLinkPage({ link }: { link: EmailLink }) {
  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-logo" aria-hidden="true">P</div>
        {link.kind === "reset" ? <ResetPassword token={link.token} /> : <VerifyEmail token={link.token} />}
      </div>
    </main>
  );
}
