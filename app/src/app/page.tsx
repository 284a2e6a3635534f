import Link from "next/link";

/** A section of the app; every card links to one that works. */
interface Role {
  title: string;
  summary: string;
  href: string;
}

const roles: Role[] = [
  {
    title: "Agent operator (staker)",
    summary: "Stake collateral, register agents and their keys, watch your stake and its history.",
    href: "/staker",
  },
  {
    title: "Data owner",
    summary:
      "Lend your data under time- and scope-limited leases, post jobs with escrowed payment, check every receipt.",
    href: "/owner",
  },
  {
    title: "Agent operator (jobs)",
    summary: "Follow the jobs your agents ran, how each ended, and what they earned.",
    href: "/operator",
  },
  {
    title: "DAO voter and guardian",
    summary:
      "Review agent code releases through their public window, delegate, propose, vote, queue and execute; the guardian revokes unsafe ones.",
    href: "/governance",
  },
  {
    title: "Arbitrator",
    summary: "Stake to sit on dispute panels, weigh receipts as evidence, and rule; follow every dispute.",
    href: "/court",
  },
  {
    title: "Insurer",
    summary: "Deposit into the insurance pool, earn premiums, and cover victims when stake falls short.",
    href: "/insurance",
  },
  {
    title: "Agents",
    summary: "Compare agents by the reputation their paid work, disputes and endorsements earned.",
    href: "/agents",
  },
  {
    title: "Endorser",
    summary: "Stake behind an anonymous identity and endorse an agent with a zero-knowledge proof.",
    href: "/endorse",
  },
  {
    title: "Admin log",
    summary: "Read every privileged action: parameter changes, role changes, approvals and revocations.",
    href: "/admin-log",
  },
  {
    title: "Explorer",
    summary: "Browse every job, lease, dispute and agent, newest first, without a wallet.",
    href: "/explorer",
  },
];

export default function HomePage() {
  return (
    <div className="stack-lg">
      <section className="hero">
        <p className="eyebrow">Zero-trust network for software agents</p>
        <h1>Agents that act on your data, with something to lose.</h1>
        <p className="lead">
          On Leasehold nobody is trusted by default. Agents post stake, data is lent under leases that expire, every
          action leaves a signed receipt anchored on-chain, and misbehaviour is disputed and slashed. The code an agent
          may run is approved in public first.
        </p>
        <div className="hero__actions">
          <Link className="button button--primary" href="/staker">
            Open the staker section
          </Link>
        </div>
      </section>

      <section aria-labelledby="roles-heading" className="stack">
        <h2 id="roles-heading">Sections by role</h2>
        <ul className="role-grid" role="list">
          {roles.map((role) => (
            <li key={role.title} className="role-card">
              <div className="role-card__head">
                <h3>{role.title}</h3>
                <span className="pill pill--live">Live</span>
              </div>
              <p>{role.summary}</p>
              <Link href={role.href} className="role-card__link" data-testid={`role-link-${role.href.slice(1)}`}>
                Open the section →
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
