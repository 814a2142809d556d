/** "Load more" under a console list while the server has older items. */
export function MoreButton({ next, loading, onMore }: { next: string | number | null | undefined; loading: boolean; onMore: () => void }) {
  if (next === null || next === undefined) return null;
  return <button type="button" className="admin-more" disabled={loading} onClick={onMore}>{loading ? "Loading…" : "Load more"}</button>;
}
