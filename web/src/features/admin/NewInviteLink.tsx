import { useEffect, useId, useRef, useState } from "react";
import type { InviteLinkDto } from "../../api/types";
import { inviteUrl } from "../auth/registration";

/** The link of an invite just made, shown this once (the server keeps only a hash of its token), with a copy button. */
export function NewInviteLink({ invite, onDismiss }: { invite: InviteLinkDto; onDismiss: () => void }) {
  const url = invite.url ?? inviteUrl(location.origin, invite.token ?? "");
  const [copied, setCopied] = useState<boolean | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [url]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard permission: the link is selected in the field for Ctrl+C.
      input.current?.select();
      setCopied(false);
    }
  };
  return (
    <div className="admin-new-invite" role="group" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={`${id}-url`}>New invite link: copy it now, it is shown only once</label>
      <div className="row">
        <input id={`${id}-url`} ref={input} readOnly value={url} data-testid="new-invite-url" />
        <button type="button" className="primary" onClick={() => void copy()}>Copy link</button>
        <button type="button" onClick={onDismiss}>Done</button>
      </div>
      <span role="status" className="muted small">{copied === true ? "Copied." : copied === false ? "Press Ctrl+C to copy." : ""}</span>
    </div>
  );
}
