import Link from "next/link";
import type { ReactNode } from "react";

/** The explorer's sections, for anyone, no wallet needed. */
export default function ExplorerLayout({ children }: { children: ReactNode }) {
  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Everyone, no wallet needed</p>
        <h1>Explorer</h1>
        <p className="lead">
          Every job, lease, dispute and agent on Leasehold, newest first, as the indexer read them from the chain. Each
          id and address opens its own page.
        </p>
        <nav aria-label="Explorer lists" className="button-row">
          <Link className="button button--small" href="/explorer" data-testid="explorer-nav-overview">
            Overview
          </Link>
          <Link className="button button--small" href="/explorer/jobs" data-testid="explorer-nav-jobs">
            Jobs
          </Link>
          <Link className="button button--small" href="/explorer/leases" data-testid="explorer-nav-leases">
            Leases
          </Link>
          <Link className="button button--small" href="/explorer/disputes" data-testid="explorer-nav-disputes">
            Disputes
          </Link>
          <Link className="button button--small" href="/explorer/agents" data-testid="explorer-nav-agents">
            Agents
          </Link>
        </nav>
      </header>
      {children}
    </div>
  );
}
