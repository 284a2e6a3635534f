"use client";
import { devStakeTokenAbi } from "@leasehold/sdk/abis";
import type { Address } from "viem";
import { useConnection, useReadContract } from "wagmi";
import { Faucet } from "@/components/ui/faucet";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { formatDuration } from "@/lib/format";
import { fetchAgentRanking } from "@/lib/reputation-data";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import { useIndexed } from "@/lib/use-indexed";
import { useStakeToken, type StakeToken } from "@/lib/use-stake-token";
import { DepositCard } from "./deposit-card";
import { EndorseCard } from "./endorse-card";
import { IdentityCard } from "./identity-card";
import { IdentityStatus, useGroupReads, type GroupReads } from "./use-group-reads";
import { useEndorsementRules } from "./use-endorsement-reads";
import { useStakeIdentity } from "./use-stake-identity";
import { WithdrawCard } from "./withdraw-card";
import { WithdrawalStatusCard } from "./withdrawal-status-card";

/**
 * Anonymous stake and endorsements: make an identity in this browser, put stake behind its
 * commitment, then endorse agents with zero-knowledge proofs that say "someone with enough stake"
 * and not who.
 */
export function EndorseDashboard({ initialAgentId }: { initialAgentId: string | null }) {
  const config = useRuntimeConfig();
  const { address, status, chainId: walletChainId } = useConnection();
  const account = status === "connected" ? address : undefined;
  const token = useStakeToken();
  const identity = useStakeIdentity();
  const commitment = identity.loaded?.identity.commitment;
  const reads = useGroupReads(commitment, account);
  const rules = useEndorsementRules();
  const agents = useIndexed(["agent-ranking"], () => fetchAgentRanking(config.chainId), true);
  const onChain = walletChainId === config.chainId;
  const writable = Boolean(account) && onChain && Boolean(config.deployment);
  const hasGroup = Boolean(
    config.deployment?.contracts.AnonymousStakeGroup && config.deployment.contracts.Endorsements,
  );
  const identityStatus = reads.identity?.status ?? IdentityStatus.None;

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Anonymous stake</p>
        <h1>Endorse</h1>
        <p className="lead">
          Vouch for an agent with your stake without saying who you are: a zero-knowledge proof, made in this browser,
          shows that someone in the stake group with enough at stake endorses it.
        </p>
      </header>
      {!config.deployment || !hasGroup ? (
        <p className="notice notice--warning">There is no anonymous stake group on {config.chainName} yet.</p>
      ) : !token ? null : (
        <>
          {reads.error ? (
            <p className="notice notice--error" role="alert">
              Could not read from the chain:{" "}
              {(reads.error as { shortMessage?: string }).shortMessage ?? reads.error.message}
            </p>
          ) : null}
          <RulesCard reads={reads} rules={rules} token={token} account={account} writable={writable} />
          <div className="grid-2">
            <IdentityCard state={identity} reads={reads} token={token} />
            {!identity.loaded ? (
              <section className="card">
                <h2>Then deposit and endorse</h2>
                <p className="muted">
                  Create an identity (or import a backup) first. Its secret stays in this browser; only its commitment
                  goes on chain, with your deposit.
                </p>
              </section>
            ) : identityStatus === IdentityStatus.None ? (
              !account ? (
                <ConnectPrompt
                  connecting={status === "connecting" || status === "reconnecting"}
                  why="A deposit is a transaction from the account you connect; endorsing and withdrawing then go through the relayer."
                />
              ) : (
                <DepositCard
                  commitment={commitment!}
                  reads={reads}
                  token={token}
                  account={account}
                  threshold={rules.threshold}
                  writable={writable}
                />
              )
            ) : identityStatus === IdentityStatus.Active ? (
              <EndorseCard
                identity={identity.loaded.identity}
                stakeAmount={reads.identity!.amount}
                agents={agents.data?.items ?? []}
                initialAgentId={initialAgentId}
                threshold={rules.threshold}
                token={token}
                writable={writable}
              />
            ) : identityStatus === IdentityStatus.Withdrawing || identityStatus === IdentityStatus.Withdrawn ? (
              <WithdrawalStatusCard
                commitment={commitment!}
                identity={reads.identity!}
                account={account}
                writable={writable}
                token={token}
              />
            ) : (
              <section className="card" data-testid="identity-inactive">
                <h2>This identity cannot endorse</h2>
                <p className="muted">
                  Its stake was slashed, so its leaf in the tree is empty. A commitment is used once: create a new
                  identity to stake again.
                </p>
              </section>
            )}
          </div>
          {identity.loaded && identityStatus === IdentityStatus.Active ? (
            <WithdrawCard
              identity={identity.loaded.identity}
              stakeAmount={reads.identity!.amount}
              account={account}
              writable={writable}
              token={token}
            />
          ) : null}
          {!onChain && account ? (
            <p className="notice notice--warning">
              Switch your wallet to {config.chainName} (see above) to make changes.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}

function RulesCard({
  reads,
  rules,
  token,
  account,
  writable,
}: {
  reads: GroupReads;
  rules: ReturnType<typeof useEndorsementRules>;
  token: StakeToken;
  account: Address | undefined;
  writable: boolean;
}) {
  const now = useChainNow();
  const length = rules.epochLength;
  const endsIn = length === undefined || length === 0n ? undefined : Number(length - (BigInt(now) % length));
  return (
    <section className="card card--wide" aria-labelledby="rules-heading">
      <div className="card__head">
        <h2 id="rules-heading">The group and this epoch</h2>
      </div>
      <dl className="stats">
        <div className="stat stat--emphasis">
          <dt>Current epoch</dt>
          <dd>
            <span className="stat__value" data-testid="endorse-epoch">
              {rules.epoch === undefined ? "…" : rules.epoch.toString()}
            </span>
          </dd>
          <span className="stat__sub">{endsIn === undefined ? "" : `ends in ${formatDuration(endsIn)}`}</span>
        </div>
        <div className="stat">
          <dt>Threshold</dt>
          <dd>
            <span className="stat__value" data-testid="endorse-threshold">
              {rules.threshold === undefined ? "…" : token.formatPlain(rules.threshold)}
            </span>{" "}
            <span className="stat__unit">{token.symbol}</span>
          </dd>
          <span className="stat__sub">staked, to endorse</span>
        </div>
        <div className="stat">
          <dt>Minimum deposit</dt>
          <dd>
            <span className="stat__value">
              {reads.minimumDeposit === undefined ? "…" : token.formatPlain(reads.minimumDeposit)}
            </span>{" "}
            <span className="stat__unit">{token.symbol}</span>
          </dd>
        </div>
        <div className="stat">
          <dt>Identities</dt>
          <dd>
            <span className="stat__value" data-testid="group-size">
              {reads.size === undefined ? "…" : reads.size.toString()}
            </span>
          </dd>
          <span className="stat__sub">
            {reads.totalLive === undefined ? "" : `${token.format(reads.totalLive)} staked live`}
          </span>
        </div>
      </dl>
      {account ? <GroupFaucet account={account} token={token} writable={writable} /> : null}
    </section>
  );
}

/** The devnet faucet, when the deployment has one (the faucet shows nothing otherwise). */
function GroupFaucet({ account, token, writable }: { account: Address; token: StakeToken; writable: boolean }) {
  const { deployment, chainId } = useRuntimeConfig();
  const devToken = deployment?.contracts.DevStakeToken?.address;
  const availableAt = useReadContract({
    address: devToken,
    abi: devStakeTokenAbi,
    functionName: "faucetAvailableAt",
    args: [account],
    chainId,
    query: { enabled: Boolean(devToken) },
  });
  const amount = useReadContract({
    address: devToken,
    abi: devStakeTokenAbi,
    functionName: "FAUCET_AMOUNT",
    chainId,
    query: { enabled: Boolean(devToken), staleTime: Infinity },
  });
  return <Faucet availableAt={availableAt.data} amount={amount.data} token={token} writable={writable} />;
}
