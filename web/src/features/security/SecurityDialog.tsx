import { Dialog } from "../../components/Dialog";
import { PasskeysSection } from "./PasskeysSection";
import { SsoSection } from "./SsoSection";
import { TwoFactorSection } from "./TwoFactorSection";

/**
 * Password and security: one section per concern (sessions, password, two-factor, passkeys, e-mail), each its own
 * component in this folder that loads and saves for itself.
 */
export function SecurityDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog label="Password & security" onClose={onClose} className="wide security-dialog">
      <div className="dialog-body">
        {/* sections: each feature adds its own line here */}
        <TwoFactorSection />
        <PasskeysSection />
        <SsoSection />
      </div>
    </Dialog>
  );
}
