/**
 * Every id and address the app shows links to its page: a job to its job page, an agent to its
 * profile, a dispute to the court, a lease and an address to the explorer. One home for the
 * routes, so a page that moves changes here only.
 */
import Link from "next/link";
import type { Hex } from "viem";
import { shortAddress } from "@/lib/format";

type Id = bigint | number | string;

export const entityHref = {
  job: (id: Id) => `/owner/jobs/${id}`,
  agent: (id: Id) => `/agents/${id}`,
  dispute: (id: Id) => `/court/disputes/${id}`,
  lease: (id: Id) => `/explorer/leases/${id}`,
  address: (address: string) => `/explorer/address/${address.toLowerCase()}`,
};

interface IdLinkProps {
  id: Id;
  /** What the link says; "#<id>" by default. */
  children?: React.ReactNode;
  testId?: string;
}

export function JobLink({ id, children, testId }: IdLinkProps) {
  return (
    <Link href={entityHref.job(id)} data-testid={testId} data-job-link={String(id)}>
      {children ?? `#${id}`}
    </Link>
  );
}

export function AgentLink({ id, children, testId }: IdLinkProps) {
  return (
    <Link href={entityHref.agent(id)} data-testid={testId} data-agent-link={String(id)}>
      {children ?? `#${id}`}
    </Link>
  );
}

export function DisputeLink({ id, children, testId }: IdLinkProps) {
  return (
    <Link href={entityHref.dispute(id)} data-testid={testId} data-dispute-link={String(id)}>
      {children ?? `#${id}`}
    </Link>
  );
}

export function LeaseLink({ id, children, testId }: IdLinkProps) {
  return (
    <Link href={entityHref.lease(id)} data-testid={testId} data-lease-link={String(id)}>
      {children ?? `#${id}`}
    </Link>
  );
}

/** An address, shortened, with the whole of it on hover; links to what it did in the explorer. */
export function AddressLink({ address, full = false, testId }: { address: Hex; full?: boolean; testId?: string }) {
  return (
    <Link
      href={entityHref.address(address)}
      className="mono"
      title={address}
      data-testid={testId}
      data-address-link={address.toLowerCase()}
    >
      {full ? address : shortAddress(address)}
    </Link>
  );
}
