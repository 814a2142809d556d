import { useId, useState, type FormEvent } from "react";
import { Dialog } from "../../components/Dialog";
import { FieldError } from "../../components/FieldError";
import { Icon } from "../../components/Icon";
import { useChatStore } from "../chat/useChat";
import { checkPollForm, emptyPollForm, MAX_OPTION_LENGTH, MAX_OPTIONS, MIN_OPTIONS, type PollFormErrors } from "./pollDraft";

/** Creates a poll in the room: the question, 2–10 options, one or several choices, anonymous, an optional close time. */
export function PollDialog({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const store = useChatStore();
  const id = useId();
  const [form, setForm] = useState(emptyPollForm);
  const [errors, setErrors] = useState<PollFormErrors>({});
  const setOption = (i: number, value: string) => setForm((f) => ({ ...f, options: f.options.map((o, j) => (j === i ? value : o)) }));

  function addOption() {
    setForm((f) => ({ ...f, options: [...f.options, ""] }));
    // The new field takes the focus, as typing the next answer is what comes next.
    requestAnimationFrame(() => document.getElementById(`${id}-option-${form.options.length}`)?.focus());
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = checkPollForm(form);
    setErrors(checked.errors);
    if (!checked.poll) return;
    store.sendPoll(roomId, checked.question, checked.poll);
    onClose();
  }

  const described = (field: keyof PollFormErrors) => (errors[field] ? `${id}-${field}-err` : undefined);
  return (
    <Dialog label="Create a poll" onClose={onClose} className="poll-dialog">
      <form className="dialog-body" onSubmit={submit} noValidate>
        <label htmlFor={`${id}-question`}>Question</label>
        <input id={`${id}-question`} value={form.question} autoFocus aria-invalid={!!errors.question} aria-describedby={described("question")}
          onChange={(e) => setForm((f) => ({ ...f, question: e.target.value }))} />
        <FieldError id={`${id}-question-err`} messages={errors.question ? [errors.question] : []} />
        <fieldset className="poll-option-fields" aria-describedby={described("options")}>
          <legend>Options</legend>
          {form.options.map((o, i) => (
            <div className="poll-option-field" key={i}>
              <input id={`${id}-option-${i}`} aria-label={`Option ${i + 1}`} value={o} maxLength={MAX_OPTION_LENGTH * 2}
                aria-invalid={!!errors.options} onChange={(e) => setOption(i, e.target.value)} />
              <button type="button" className="icon-button" aria-label={`Remove option ${i + 1}`} title="Remove option"
                disabled={form.options.length <= MIN_OPTIONS}
                onClick={() => setForm((f) => ({ ...f, options: f.options.filter((_, j) => j !== i) }))}><Icon name="close" size={16} /></button>
            </div>
          ))}
          <button type="button" className="link" disabled={form.options.length >= MAX_OPTIONS} onClick={addOption}>Add an option</button>
          <FieldError id={`${id}-options-err`} messages={errors.options ? [errors.options] : []} />
        </fieldset>
        <label className="check"><input type="checkbox" checked={form.multiple}
          onChange={(e) => setForm((f) => ({ ...f, multiple: e.target.checked }))} /> Allow several choices</label>
        <label className="check"><input type="checkbox" checked={form.anonymous}
          onChange={(e) => setForm((f) => ({ ...f, anonymous: e.target.checked }))} /> Anonymous (only counts are shown)</label>
        <label htmlFor={`${id}-closes`}>Closes at (optional, your time)</label>
        <input id={`${id}-closes`} type="datetime-local" value={form.closesAt} aria-invalid={!!errors.closesAt} aria-describedby={described("closesAt")}
          onChange={(e) => setForm((f) => ({ ...f, closesAt: e.target.value }))} />
        <FieldError id={`${id}-closesAt-err`} messages={errors.closesAt ? [errors.closesAt] : []} />
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Create poll</button>
        </div>
      </form>
    </Dialog>
  );
}
