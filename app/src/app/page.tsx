import Link from "next/link";

interface Role {
  title: string;
  summary: string;
  href?: string;
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

  { title: "Arbitrator", summary: "Stake to sit on dispute panels, weigh receipts as evidence, and rule." },
  {
    title: "Insurer",
    summary: "Deposit into the insurance pool, earn premiums, and cover victims when stake falls short.",
  },
  {
    title: "Admin log",
    summary: "Read every privileged action: parameter changes, role changes, approvals and revocations.",
    href: "/admin-log",
  },
  { title: "Explorer", summary: "Verify a receipt and audit leases." },
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
            <li key={role.title} className={`role-card${role.href ? "" : " role-card--soon"}`}>
              <div className="role-card__head">
                <h3>{role.title}</h3>
                <span className={`pill ${role.href ? "pill--live" : "pill--muted"}`}>
                  {role.href ? "Live" : "Coming"}
                </span>
              </div>
              <p>{role.summary}</p>
              {role.href ? (
                <Link href={role.href} className="role-card__link" data-testid={`role-link-${role.href.slice(1)}`}>
                  Open the section →
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
