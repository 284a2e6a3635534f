"use client";
import type { Hex } from "viem";
import { AgentsList, DisputesList, JobsList, LeasesList } from "./lists";

/** What one address did on Leasehold, from every side it can take: client, owner, operator, party. */
export function AddressView({ address }: { address: Hex }) {
  return (
    <>
      <section className="card card--wide" aria-labelledby="address-heading">
        <h2 id="address-heading">Address</h2>
        <p className="mono" data-testid="address-view">
          {address}
        </p>
        <p className="muted">
          Its jobs as a client and as an operator, the leases it granted, the agents it operates and the disputes it is
          a party to. An empty list means it never took that part.
        </p>
      </section>
      <JobsList
        title="Jobs as client"
        fixedFilters={{ client: address }}
        testId="address-client-jobs"
        empty={<p>This address opened no job.</p>}
      />
      <LeasesList
        title="Leases granted"
        fixedFilters={{ owner: address }}
        testId="address-leases"
        empty={<p>This address granted no lease.</p>}
      />
      <AgentsList
        title="Agents operated"
        fixedFilters={{ operator: address }}
        testId="address-agents"
        empty={<p>This address operates no agent.</p>}
      />
      <JobsList
        title="Jobs as operator"
        fixedFilters={{ operator: address }}
        testId="address-operator-jobs"
        empty={<p>No agent of this address accepted a job.</p>}
      />
      <DisputesList
        title="Disputes as client"
        fixedFilters={{ client: address }}
        testId="address-client-disputes"
        empty={<p>This address disputed no job.</p>}
      />
      <DisputesList
        title="Disputes as operator"
        fixedFilters={{ operator: address }}
        testId="address-operator-disputes"
        empty={<p>No job of this address&apos;s agents was disputed.</p>}
      />
    </>
  );
}
