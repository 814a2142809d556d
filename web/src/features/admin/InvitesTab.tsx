import { useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { InviteLinkDto } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { exactTime } from "../../lib/days";
import { CreateInviteForm } from "./CreateInviteForm";
import { NewInviteLink } from "./NewInviteLink";

/** Invite links for registration: create one (its link shown once), see uses, revoke. */
export function InvitesTab() {
  const [invites, setInvites] = useState<InviteLinkDto[] | null>(null);
  const [created, setCreated] = useState<InviteLinkDto | null>(null);
  const [revoking, setRevoking] = useState<InviteLinkDto | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.invites().then(setInvites, (e) => setError(errorText(e)));
  }, []);

  const revoke = async (invite: InviteLinkDto) => {
    try {
      await api.revokeInvite(invite.id);
      // The server keeps a revoked link (with revokedAt) in its list: show it so, as a reload would.
      setInvites((list) => list?.map((x) => (x.id === invite.id ? { ...x, revokedAt: x.revokedAt ?? new Date().toISOString() } : x)) ?? null);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section aria-label="Invites" className="admin-section">
      <CreateInviteForm onCreated={(invite) => {
        setCreated(invite);
        setInvites((list) => [{ ...invite, token: null, url: null }, ...(list ?? [])]);
      }} />
      {created && <NewInviteLink invite={created} onDismiss={() => setCreated(null)} />}
      {error && <div role="alert" className="alert">{error}</div>}
      {invites === null ? <p className="muted">Loading…</p> : invites.length === 0 ? <p className="muted">No invite links.</p> : (
        <table className="admin-table">
          <thead><tr><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Uses</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {invites.map((i) => (
              <tr key={i.id}>
                <th scope="row">{exactTime(i.createdAt)}</th>
                <td>{i.expiresAt ? exactTime(i.expiresAt) : "Never"}</td>
                <td>{i.uses}{i.maxUses !== null ? ` of ${i.maxUses}` : ""}</td>
                <td>{i.revokedAt
                  ? <span className="badge-muted">Revoked</span>
                  : <button type="button" className="danger" onClick={() => setRevoking(i)}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && (
        <ConfirmDialog label="Revoke invite link" text="Revoke this invite link? Nobody can register with it any more." confirm="Revoke"
          onClose={() => setRevoking(null)} onConfirm={() => void revoke(revoking)} />
      )}
    </section>
  );
}
