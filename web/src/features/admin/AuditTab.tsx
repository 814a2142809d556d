import { useId, useState } from "react";
import { api } from "../../api/client";
import type { AuditEntryDto, PersonDto } from "../../api/types";
import { exactTime } from "../../lib/days";
import { MoreButton } from "./MoreButton";
import { usePagedList } from "./usePagedList";

/** Every action name the server records (ISSUE17: audit action names are exact). */
export const AUDIT_ACTIONS = [
  "message.delete", "room.kick", "room.ban", "room.unban", "room.timeout", "room.timeout_lift", "room.settings", "room.role",
  "room.archive", "room.unarchive", "room.delete", "room.transfer", "report.resolve", "report.dismiss", "user.role",
  "user.deactivate", "user.reactivate", "user.sessions_end", "user.create", "user.timeout", "user.timeout_lift",
  "server.settings", "invite.create", "invite.revoke", "emoji.delete",
] as const;

/** A person as the log names them: display name, else user name, else (an account since removed) the id. */
export function personLabel(p: PersonDto | null, none = ""): string {
  if (!p) return none;
  return p.displayName || (p.userName ? `@${p.userName}` : p.id);
}

/** The entry's details (JSON from the server) as one line of text. */
export function detailsText(details: unknown): string {
  if (details === null || details === undefined) return "";
  return typeof details === "string" ? details : JSON.stringify(details);
}

/** The start of a local day as an ISO time (for `from`), or of the next day (for `to`, inclusive of the day). */
export function dayBound(date: string, end: boolean): string | undefined {
  if (!date) return undefined;
  const [y, m, d] = date.split("-").map(Number);
  return new Date(y!, m! - 1, d! + (end ? 1 : 0)).toISOString();
}

/** The audit log, newest first, filtered by who, what and when, paged by `before`. */
export function AuditTab() {
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const id = useId();
  const entries = usePagedList(
    (before) => api.audit({ actor: actor.trim(), action, from: dayBound(from, false), to: dayBound(to, true), before: before as number | undefined, limit: 50 }),
    (e: AuditEntryDto) => e.id, `${actor.trim()}|${action}|${from}|${to}`);

  return (
    <section aria-label="Audit log" className="admin-section">
      <div className="admin-toolbar">
        <div className="field">
          <label htmlFor={`${id}-actor`}>Actor</label>
          <input id={`${id}-actor`} value={actor} placeholder="User id" onChange={(e) => setActor(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>Action</label>
          <select id={`${id}-action`} value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      {entries.error && <div role="alert" className="alert">{entries.error}</div>}
      {entries.list === null ? <p className="muted">Loading…</p> : entries.list.items.length === 0 ? <p className="muted">Nothing recorded.</p> : (
        <table className="admin-table">
          <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">On</th><th scope="col">Reason and details</th></tr></thead>
          <tbody>
            {entries.list.items.map((e) => (
              <tr key={e.id}>
                <td><time dateTime={e.at}>{exactTime(e.at)}</time></td>
                <td>{personLabel(e.actor, "The server")}</td>
                <th scope="row"><code>{e.action}</code></th>
                <td>{personLabel(e.target)}{e.roomId && <div className="muted small">room {e.roomId}</div>}</td>
                <td>{e.reason}{detailsText(e.details) && <div className="muted small admin-details">{detailsText(e.details)}</div>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <MoreButton next={entries.list?.next} loading={entries.loading} onMore={entries.loadMore} />
    </section>
  );
}
