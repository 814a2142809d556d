import { useState, type FormEvent } from "react";
import { ApiError, errorText } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { TextField } from "../../components/TextField";

interface Props {
  /** "New section" or "Rename section". */
  label: string;
  initial?: string;
  submitLabel: string;
  /** Saves the name; a refusal thrown here is shown beside the field. */
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}

/** The name of a section of your own (1–40 characters), for a new one or a rename. */
export function SectionNameDialog({ label, initial = "", submitLabel, onSubmit, onClose }: Props) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const nameErrors = error instanceof ApiError ? error.fieldErrors("name") : [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog label={label} onClose={onClose}>
      <form className="dialog-body" onSubmit={submit} noValidate>
        {error !== null && nameErrors.length === 0 && <div role="alert" className="alert">{errorText(error)}</div>}
        <TextField label="Section name" value={name} onChange={(e) => setName(e.target.value)} maxLength={40} autoFocus
          placeholder="e.g. Projects" errors={nameErrors} />
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !name.trim()}>{submitLabel}</button>
        </div>
      </form>
    </Dialog>
  );
}
