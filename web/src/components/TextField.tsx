import { useId, type InputHTMLAttributes } from "react";
import { FieldError } from "./FieldError";

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  errors?: string[];
  hint?: string;
}

/** A labelled input whose label is only its name; hints and the server's field errors are linked by aria-describedby. */
export function TextField({ label, errors = [], hint, ...input }: Props) {
  const id = useId();
  const describedBy = [errors.length ? `${id}-err` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={errors.length > 0} aria-describedby={describedBy} {...input} />
      <FieldError id={`${id}-err`} messages={errors} />
      {hint && <small id={`${id}-hint`} className="hint">{hint}</small>}
    </div>
  );
}
