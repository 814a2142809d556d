import { useId, useState } from "react";
import type { Guid, PollDto } from "../../api/types";
import { exactTime } from "../../lib/days";
import type { KnownUser } from "../chat/chatStore";
import { isClosed, nextChoice, results, showsResults } from "./pollState";

interface Props {
  poll: PollDto;
  /** Still in the outbox: shown, not votable. */
  pending: boolean;
  /** Its author, or a moderator here (ClosePolls). */
  canClose: boolean;
  users: Record<string, KnownUser>;
  onVote: (optionIds: Guid[]) => Promise<void>;
  onClose: () => void;
}

/**
 * A poll under its question: options as radio buttons (one choice) or checkboxes (several); once I voted, or it is
 * closed, each shows its count and share as a bar, with the voters' names on hover unless the poll is anonymous.
 */
export function PollCard({ poll, pending, canClose, users, onVote, onClose }: Props) {
  const name = useId();
  // The choice on its way to the server shows at once (the inputs are controlled by the server's answer otherwise).
  const [choosing, setChoosing] = useState<Guid[] | null>(null);
  const view = choosing ? { ...poll, mine: choosing } : poll;
  const closed = isClosed(poll);
  const shown = showsResults(poll);
  const voted = (view.mine?.length ?? 0) > 0;
  const vote = (ids: Guid[]) => {
    setChoosing(ids);
    void onVote(ids).finally(() => setChoosing(null));
  };
  const names = (ids: Guid[] | null) => (ids && ids.length > 0 ? ids.map((id) => users[id]?.displayName ?? "…").join(", ") : undefined);
  return (
    <div className={`poll${closed ? " closed" : ""}`} data-testid="poll">
      <fieldset className="poll-options" disabled={closed || pending}>
        <legend className="visually-hidden">{poll.multiple ? "Choose any" : "Choose one"}</legend>
        {results(view).map((r) => (
          <label key={r.id} className={`poll-option${r.chosen ? " chosen" : ""}`} title={shown ? names(r.voters) : undefined}>
            <input type={poll.multiple ? "checkbox" : "radio"} name={name} checked={r.chosen}
              onChange={(e) => vote(nextChoice(view, r.id, e.target.checked))} />
            <span className="poll-option-text">{r.text}</span>
            {shown && <span className="poll-count">{r.votes} · {r.percent}%</span>}
            {shown && <span className="progress poll-bar" aria-hidden="true"><span className="progress-fill" style={{ width: `${r.percent}%` }} /></span>}
          </label>
        ))}
      </fieldset>
      <div className="poll-footer">
        <span>{poll.totalVoters === 1 ? "1 voter" : `${poll.totalVoters} voters`}</span>
        <span>{poll.multiple ? "Several choices" : "One choice"}{poll.anonymous ? " · Anonymous" : ""}</span>
        {closed ? <strong className="poll-state">Closed</strong>
          : poll.closesAt && <span>Closes <time dateTime={poll.closesAt}>{exactTime(poll.closesAt)}</time></span>}
        {!closed && !pending && voted && !poll.multiple && <button type="button" className="link" onClick={() => vote([])}>Remove my vote</button>}
        {!closed && !pending && canClose && <button type="button" className="link" onClick={onClose}>Close poll</button>}
      </div>
    </div>
  );
}
