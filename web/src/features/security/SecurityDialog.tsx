import { Dialog } from "../../components/Dialog";
import { PasswordSection } from "./PasswordSection";
import { SessionsSection } from "./SessionsSection";
import { PasskeysSection } from "./PasskeysSection";
import { SsoSection } from "./SsoSection";
import { TwoFactorSection } from "./TwoFactorSection";
import { EmailSection } from "./EmailSection";

/**
 * Password and security: one section per concern (sessions, password, two-factor, passkeys, e-mail), each its own
 * component in this folder that loads and saves for itself.
 */
export function SecurityDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog label="Password & security" onClose={onClose} className="wide security-dialog">
      <div className="dialog-body">
        {/* sections: each feature adds its own line here */}
        <SessionsSection />
        <PasswordSection />
        <TwoFactorSection />
        <PasskeysSection />
        <EmailSection />
        <SsoSection />
      </div>
    </Dialog>
  );
}
