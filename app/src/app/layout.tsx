import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { DevnetControls } from "@/components/devnet/devnet-controls";
import { ChainNotice } from "@/components/wallet/chain-notice";
import { WalletButton } from "@/components/wallet/wallet-button";
import { clientConfig } from "@/lib/runtime-config";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Leasehold", template: "%s · Leasehold" },
  description: "A zero-trust network for software agents that act on other people's data.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#14532d",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Runtime, not build-time, configuration: wait for a request before reading the environment.
  await connection();
  const config = await clientConfig();
  return (
    <html lang="en">
      <body>
        <Providers config={config}>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <header className="site-header">
            <div className="site-header__inner">
              <Link href="/" className="brand" aria-label="Leasehold home">
                <span className="brand__mark" aria-hidden="true">
                  L
                </span>
                Leasehold
              </Link>
              <nav aria-label="Sections" className="site-nav">
                <Link href="/owner" data-testid="nav-owner">
                  Data owner
                </Link>
                <Link href="/operator" data-testid="nav-operator">
                  Operator
                </Link>
                <Link href="/staker" data-testid="nav-staker">
                  Staker
                </Link>
                <Link href="/governance" data-testid="nav-governance">
                  Governance
                </Link>
                <Link href="/court" data-testid="nav-court">
                  Court
                </Link>
                <Link href="/admin-log" data-testid="nav-admin-log">
                  Admin log
                </Link>
                <Link href="/insurance" data-testid="nav-insurance">
                  Insurance
                </Link>
                <Link href="/agents" data-testid="nav-agents">
                  Agents
                </Link>
                <Link href="/endorse" data-testid="nav-endorse">
                  Endorse
                </Link>
                <Link href="/explorer" data-testid="nav-explorer">
                  Explorer
                </Link>
              </nav>
              <span className="chain-badge" title={`Chain id ${config.chainId} via ${config.rpcUrl}`}>
                <span className="chain-badge__dot" aria-hidden="true" />
                {config.chainName}
              </span>
              <WalletButton />
            </div>
          </header>
          <ChainNotice />
          {config.deploymentProblem ? (
            <div className="banner banner--warning" role="alert" data-testid="deployment-problem">
              <div className="banner__inner">
                <strong>Leasehold is not deployed on this chain yet.</strong> {config.deploymentProblem}
              </div>
            </div>
          ) : null}
          <main id="main" className="site-main">
            {children}
          </main>
          <footer className="site-footer">
            <p>
              Leasehold · chain {config.chainId}
              {config.deployment
                ? ` · deployed ${new Date(config.deployment.deployedAt).toLocaleDateString("en-GB")}`
                : ""}
              {" · "}
              <Link href="/blocks" data-testid="nav-blocks">
                Blocks
              </Link>
              {" · "}
              <Link href="/debug" data-testid="nav-debug">
                Debug contracts
              </Link>
            </p>
            <DevnetControls />
          </footer>
        </Providers>
      </body>
    </html>
  );
}
