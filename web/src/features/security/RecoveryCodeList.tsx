import { useEffect, useMemo, useState } from "react";
import { recoveryCodesFile } from "./twoFactorText";

interface Props {
  codes: string[];
  /** "I saved them": the codes are not shown again. */
  onDone: () => void;
  doneLabel?: string;
}

/** The recovery codes, shown this once, with ways to keep them. */
export function RecoveryCodeList({ codes, onDone, doneLabel = "I saved them" }: Props) {
  const [status, setStatus] = useState("");
  const text = useMemo(() => recoveryCodesFile(codes, location.host), [codes]);
  const download = useMemo(() => URL.createObjectURL(new Blob([text], { type: "text/plain" })), [text]);
  useEffect(() => () => URL.revokeObjectURL(download), [download]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      setStatus("Copied.");
    } catch {
      setStatus("Couldn't copy: select the codes and copy them, or download them.");
    }
  }

  return (
    <section className="recovery-codes" aria-label="Recovery codes">
      <p>
        Keep these recovery codes somewhere safe. Each one signs you in once if you lose your authenticator app.
        They won't be shown again.
      </p>
      <ol className="recovery-code-list" data-testid="recovery-codes">
        {codes.map((c) => <li key={c}><code>{c}</code></li>)}
      </ol>
      <div className="dialog-footer">
        <span role="status" className="muted">{status}</span>
        <button type="button" onClick={copy}>Copy</button>
        <a className="button" href={download} download="recovery-codes.txt">Download</a>
        <button type="button" className="primary" onClick={onDone}>{doneLabel}</button>
      </div>
    </section>
  );
}
