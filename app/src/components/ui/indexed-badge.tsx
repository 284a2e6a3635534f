/** Whether an indexed section is current: offline, catching up with this session's writes, or as of a block. */
export function IndexedBadge({
  snapshot,
}: {
  snapshot: { data?: unknown; error: Error | null; stale: boolean; block: bigint | null };
}) {
  if (snapshot.error && !snapshot.data) return <span className="pill pill--warn">indexer offline</span>;
  if (snapshot.stale) {
    return (
      <span className="pill pill--pending" data-testid="indexing-badge">
        <span className="spin" aria-hidden="true">
          ◌
        </span>{" "}
        indexing…
      </span>
    );
  }
  return (
    <span className="pill pill--muted" title="Newest block the indexer has processed">
      indexed to block {snapshot.block?.toString() ?? "…"}
    </span>
  );
}
