interface Props {
  id: string;
  messages: string[];
}

/** A field's errors from the server's problem details, shown under the field. */
export function FieldError({ id, messages }: Props) {
  if (messages.length === 0) return null;
  return <div id={id} className="field-error">{messages.join(" ")}</div>;
}
