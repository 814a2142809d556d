import { useState } from "react";
import { api } from "../../api/client";
import type { AdminUserDto, ServerRole } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { RelativeTime } from "../../components/RelativeTime";
import { untilText } from "../../api/errorCodes";
import { ROLE_NAMES } from "./roleNames";
import { TimeoutEverywhereDialog } from "./TimeoutEverywhereDialog";

type Pending =
  | { kind: "role"; role: ServerRole } | { kind: "deactivate" } | { kind: "reactivate" } | { kind: "sessions" } | { kind: "timeout" }
  | { kind: "endTimeout" } | null;

interface Props {
  user: AdminUserDto;
  isMe: boolean;
  manageable: boolean;
  /** May I time them out everywhere (server moderators and up, over lower roles)? */
  mayTimeOut: boolean;
  roles: ServerRole[];
  busy: boolean;
  onChanged: (user: AdminUserDto) => void;
  run: <T>(action: () => Promise<T>) => Promise<T | undefined>;
}

/** One account in the console, with its role select and actions, each confirmed. */
export function UserRow({ user: u, isMe, manageable, mayTimeOut, roles, busy, onChanged, run }: Props) {
  const [pending, setPending] = useState<Pending>(null);
  const name = u.displayName || u.userName;
  const close = () => setPending(null);
  const options = roles.includes(u.role) ? roles : [u.role, ...roles];
  const timedOutUntil = u.timedOutUntil ? new Date(u.timedOutUntil) : null;
  const timedOut = timedOutUntil !== null && timedOutUntil > new Date();

  const confirmRole = (role: ServerRole) => run(async () => {
    onChanged((await api.setServerRole(u.id, role)) ?? { ...u, role });
  });
  const setActive = (active: boolean) => run(async () => {
    await (active ? api.reactivateUser(u.id) : api.deactivateUser(u.id));
    onChanged({ ...u, deactivatedAt: active ? null : new Date().toISOString() });
  });

  return (
    <tr data-testid={`admin-user-${u.userName}`}>
      <th scope="row">
        <span className="admin-name">{name}</span> <span className="muted">@{u.userName}</span>{isMe && <span className="muted"> (you)</span>}
        <div className="muted small">Joined <RelativeTime iso={u.createdAt} />{u.lastSeenAt && <> · seen <RelativeTime iso={u.lastSeenAt} /></>}</div>
      </th>
      <td>
        {manageable ? (
          <select aria-label={`Role of ${name}`} value={u.role} disabled={busy} onChange={(e) => setPending({ kind: "role", role: e.target.value as ServerRole })}>
            {options.map((r) => <option key={r} value={r}>{ROLE_NAMES[r]}</option>)}
          </select>
        ) : ROLE_NAMES[u.role]}
      </td>
      <td>
        {u.deactivatedAt ? <span className="badge-muted">Deactivated</span> : "Active"}
        {timedOut && <div className="muted small">Timed out until {untilText(timedOutUntil)}</div>}
      </td>
      <td className="admin-actions">
        {manageable && (u.deactivatedAt
          ? <button type="button" disabled={busy} aria-label={`Reactivate ${name}`} onClick={() => setPending({ kind: "reactivate" })}>Reactivate</button>
          : <button type="button" className="danger" disabled={busy} aria-label={`Deactivate ${name}`} onClick={() => setPending({ kind: "deactivate" })}>Deactivate</button>)}
        {manageable && !u.deactivatedAt && (
          <button type="button" disabled={busy} aria-label={`End sessions of ${name}`} onClick={() => setPending({ kind: "sessions" })}>End sessions</button>
        )}
        {mayTimeOut && !u.deactivatedAt && (timedOut
          ? <button type="button" disabled={busy} aria-label={`End timeout of ${name}`} onClick={() => setPending({ kind: "endTimeout" })}>End timeout</button>
          : <button type="button" disabled={busy} aria-label={`Time out ${name} everywhere`} onClick={() => setPending({ kind: "timeout" })}>Time out everywhere…</button>)}
      </td>
      {pending?.kind === "role" && (
        <ConfirmDialog label="Change role" confirm="Change role" onClose={close} onConfirm={() => void confirmRole(pending.role)}
          text={pending.role === "owner"
            ? `Hand the server over to ${name}? They become its owner and you become an admin.`
            : `Make ${name} ${pending.role === "admin" ? "an" : "a"} ${ROLE_NAMES[pending.role].toLowerCase()}?`} />
      )}
      {pending?.kind === "deactivate" && (
        <ConfirmDialog label={`Deactivate ${name}`} confirm="Deactivate" onClose={close} onConfirm={() => void setActive(false)}
          text={`Deactivate ${name}? They are signed out everywhere at once and can't sign in until reactivated.`} />
      )}
      {pending?.kind === "reactivate" && (
        <ConfirmDialog label={`Reactivate ${name}`} confirm="Reactivate" onClose={close} onConfirm={() => void setActive(true)}
          text={`Reactivate ${name}? They can sign in again.`} />
      )}
      {pending?.kind === "sessions" && (
        <ConfirmDialog label={`End sessions of ${name}`} confirm="End sessions" onClose={close}
          onConfirm={() => void run(() => api.endSessions(u.id))}
          text={`Sign ${name} out on every device? They can sign in again.`} />
      )}
      {pending?.kind === "timeout" && (
        <TimeoutEverywhereDialog userId={u.id} name={name} onClose={close} onDone={(t) => onChanged({ ...u, timedOutUntil: t.until })} />
      )}
      {pending?.kind === "endTimeout" && (
        <ConfirmDialog label={`End timeout of ${name}`} confirm="End timeout" onClose={close}
          onConfirm={() => void run(async () => {
            await api.liftTimeoutEverywhere(u.id);
            onChanged({ ...u, timedOutUntil: null });
          })}
          text={`Let ${name} post and react again everywhere now?`} />
      )}
    </tr>
  );
}
