import { useId, useState } from "react";
import { api } from "../../api/client";
import type { AdminRoomDto } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { MoreButton } from "./MoreButton";
import { TransferRoomDialog } from "./TransferRoomDialog";
import { useAction } from "./useAction";
import { usePagedList } from "./usePagedList";

type Pending = { kind: "archive" | "unarchive" | "delete" | "transfer"; room: AdminRoomDto } | null;

/** Every public and private room (not DMs): archive or unarchive, delete, hand over to a member. */
export function RoomsTab() {
  const [query, setQuery] = useState("");
  const [archived, setArchived] = useState("");
  const [pending, setPending] = useState<Pending>(null);
  const action = useAction();
  const id = useId();
  const rooms = usePagedList(
    (before) => api.adminRooms({ q: query.trim(), archived, before: before as string | undefined, limit: 50 }),
    (r: AdminRoomDto) => r.id, `${query.trim()}|${archived}`);
  const close = () => setPending(null);
  const setArchivedState = (room: AdminRoomDto, value: boolean) => action.run(async () => {
    await (value ? api.archiveRoom(room.id) : api.unarchiveRoom(room.id));
    rooms.replace({ ...room, archived: value });
  });

  return (
    <section aria-label="Rooms" className="admin-section">
      <div className="admin-toolbar">
        <div className="field">
          <label htmlFor={`${id}-q`}>Search rooms</label>
          <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-archived`}>Show</label>
          <select id={`${id}-archived`} value={archived} onChange={(e) => setArchived(e.target.value)}>
            <option value="">All rooms</option>
            <option value="false">Active</option>
            <option value="true">Archived</option>
          </select>
        </div>
      </div>
      {(rooms.error ?? action.error) && <div role="alert" className="alert">{rooms.error ?? action.error}</div>}
      {rooms.list === null ? <p className="muted">Loading…</p> : rooms.list.items.length === 0 ? <p className="muted">No rooms match.</p> : (
        <table className="admin-table">
          <thead><tr><th scope="col">Room</th><th scope="col">Members</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {rooms.list.items.map((r) => (
              <tr key={r.id} data-testid={`admin-room-${r.id}`}>
                <th scope="row">#{r.name} <span className="muted small">{r.kind === "private" ? "Private" : "Public"}</span></th>
                <td>{r.memberCount}</td>
                <td>{r.archived ? <span className="badge-muted">Archived</span> : "Active"}</td>
                <td className="admin-actions">
                  <button type="button" disabled={action.busy} aria-label={`${r.archived ? "Unarchive" : "Archive"} #${r.name}`}
                    onClick={() => setPending({ kind: r.archived ? "unarchive" : "archive", room: r })}>{r.archived ? "Unarchive" : "Archive"}</button>
                  <button type="button" disabled={action.busy} aria-label={`Transfer #${r.name}`} onClick={() => setPending({ kind: "transfer", room: r })}>Transfer…</button>
                  <button type="button" className="danger" disabled={action.busy} aria-label={`Delete #${r.name}`} onClick={() => setPending({ kind: "delete", room: r })}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <MoreButton next={rooms.list?.next} loading={rooms.loading} onMore={rooms.loadMore} />
      {pending?.kind === "archive" && (
        <ConfirmDialog label={`Archive #${pending.room.name}`} confirm="Archive" onClose={close} onConfirm={() => void setArchivedState(pending.room, true)}
          text={`Archive #${pending.room.name}? Nobody can post in it; its members can still read it, and it leaves the public room list.`} />
      )}
      {pending?.kind === "unarchive" && (
        <ConfirmDialog label={`Unarchive #${pending.room.name}`} confirm="Unarchive" onClose={close} onConfirm={() => void setArchivedState(pending.room, false)}
          text={`Unarchive #${pending.room.name}? Its members can post again.`} />
      )}
      {pending?.kind === "delete" && (
        <ConfirmDialog label={`Delete #${pending.room.name}`} confirm="Delete room" onClose={close}
          onConfirm={() => void action.run(async () => {
            await api.deleteRoom(pending.room.id);
            rooms.replace(pending.room, false);
          })}
          text={`Delete #${pending.room.name} and all its messages and files for everyone? This can't be undone.`} />
      )}
      {pending?.kind === "transfer" && <TransferRoomDialog room={pending.room} onClose={close} />}
    </section>
  );
}
