import { useId, useState } from "react";
import { api } from "../../api/client";
import type { AdminUserDto, ServerRole } from "../../api/types";
import { useChatSelector } from "../chat/useChat";
import { allows, assignableServerRoles, mayManageUser, mayTimeOutEverywhere, serverRoleOf } from "../moderation/permissions";
import { CreateUserDialog } from "./CreateUserDialog";
import { MoreButton } from "./MoreButton";
import { useAction } from "./useAction";
import { usePagedList } from "./usePagedList";
import { UserRow } from "./UserRow";
import { ROLE_NAMES } from "./roleNames";


/**
 * Accounts: search, filter by role, change roles, deactivate or reactivate, end sessions, create an account (admins);
 * time out everywhere (server moderators and up).
 */
export function UsersTab() {
  const me = useChatSelector((s) => s.me);
  const mine = serverRoleOf(me);
  const [query, setQuery] = useState("");
  const [role, setRole] = useState("");
  const [creating, setCreating] = useState(false);
  const action = useAction();
  const id = useId();
  const users = usePagedList(
    (before) => api.adminUsers({ q: query.trim(), role, before: before as string | undefined, limit: 50 }),
    (u: AdminUserDto) => u.id, `${query.trim()}|${role}`);

  return (
    <section aria-label="Users" className="admin-section">
      <div className="admin-toolbar">
        <div className="field">
          <label htmlFor={`${id}-q`}>Search users</label>
          <input id={`${id}-q`} type="search" value={query} placeholder="Name or @username" onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">All roles</option>
            {(Object.keys(ROLE_NAMES) as ServerRole[]).map((r) => <option key={r} value={r}>{ROLE_NAMES[r]}</option>)}
          </select>
        </div>
        {allows("ManageUsers", mine) && <button type="button" className="primary" onClick={() => setCreating(true)}>Create account</button>}
      </div>
      {(users.error ?? action.error) && <div role="alert" className="alert">{users.error ?? action.error}</div>}
      {users.list === null ? <p className="muted">Loading…</p> : users.list.items.length === 0 ? <p className="muted">No accounts match.</p> : (
        <table className="admin-table">
          <thead><tr><th scope="col">Account</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {users.list.items.map((u) => (
              <UserRow key={u.id} user={u} isMe={u.id === me.id} manageable={u.id !== me.id && mayManageUser(mine, u.role)}
                mayTimeOut={u.id !== me.id && mayTimeOutEverywhere(mine, u.role)}
                roles={assignableServerRoles(mine)} busy={action.busy}
                onChanged={(next) => users.replace(next)} run={action.run} />
            ))}
          </tbody>
        </table>
      )}
      <MoreButton next={users.list?.next} loading={users.loading} onMore={users.loadMore} />
      {creating && <CreateUserDialog onClose={() => setCreating(false)} onCreated={() => users.reload()} />}
    </section>
  );
}
