import { useEffect, useId, useState } from "react";
import { api } from "../../api/client";
import type { ReportDto, ReportState } from "../../api/types";
import { HubEvents } from "../../realtime/events";
import { useChatStore } from "../chat/useChat";
import { MoreButton } from "./MoreButton";
import { ReportItem } from "./ReportItem";
import { useAction } from "./useAction";
import { usePagedList } from "./usePagedList";

/** The reports queue (ReviewReports: moderators and up): open reports, newest first, live; resolve or dismiss each. */
export function ReportsTab() {
  const store = useChatStore();
  const [state, setState] = useState<ReportState>("open");
  const action = useAction();
  const id = useId();
  const reports = usePagedList((before) => api.reports(state, before as string | undefined), (r: ReportDto) => r.id, state);
  const [filed, setFiled] = useState(0);

  // A new report: counted, and the open queue reloaded when it is the one shown.
  useEffect(() => store.onHub(HubEvents.ReportFiled, () => setFiled((n) => n + 1)), [store]);
  useEffect(() => {
    if (filed > 0 && state === "open") reports.reload();
    // Only on a new report: reload is not a dependency (it is a new function each render).
  }, [filed]);

  const handle = (report: ReportDto, how: "resolve" | "dismiss", note: string) => action.run(async () => {
    const done = await (how === "resolve" ? api.resolveReport(report.id, note) : api.dismissReport(report.id, note));
    reports.replace(done ?? { ...report, state: how === "resolve" ? "resolved" : "dismissed" }, state !== "open");
  });

  return (
    <section aria-label="Reports" className="admin-section">
      <div className="admin-toolbar">
        <div className="field">
          <label htmlFor={`${id}-state`}>Show</label>
          <select id={`${id}-state`} value={state} onChange={(e) => setState(e.target.value as ReportState)}>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
            <option value="dismissed">Dismissed</option>
          </select>
        </div>
      </div>
      {(reports.error ?? action.error) && <div role="alert" className="alert">{reports.error ?? action.error}</div>}
      {reports.list === null ? <p className="muted">Loading…</p> : reports.list.items.length === 0 ? <p className="muted">No {state} reports.</p> : (
        <ul className="admin-reports">
          {reports.list.items.map((r) => <ReportItem key={r.id} report={r} busy={action.busy} onHandle={(how, note) => void handle(r, how, note)} />)}
        </ul>
      )}
      <MoreButton next={reports.list?.next} loading={reports.loading} onMore={reports.loadMore} />
    </section>
  );
}
