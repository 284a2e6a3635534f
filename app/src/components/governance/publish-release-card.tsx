"use client";
import { codeRegistryAbi, devStakeTokenAbi } from "@leasehold/sdk/abis";
import { useState, type FormEvent } from "react";
import { erc20Abi, isHex, type Address, type Hex } from "viem";
import { useConfig, useReadContract } from "wagmi";
import { readContract } from "wagmi/actions";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { urgencyLabels } from "@/lib/governance";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";

const isHash = (value: string): value is Hex => isHex(value) && value.length === 66;

/**
 * Publishes a release of agent code to the CodeRegistry from the connected account: the code
 * hash of a bundle (worker/agents/manifest.json lists the example bundles' hashes and sizes), where
 * its bytes can be fetched, its size (which sets the review window) and urgency, and a description
 * stored as a data: URI. The registry takes the publication bond (returned on approval,
 * forfeited on revocation); on the local chain the development token's faucet pays for it.
 */
export function PublishReleaseCard({
  account,
  token,
  writable,
}: {
  account: Address;
  token: StakeToken | null;
  writable: boolean;
}) {
  const { deployment, chainId, isLocalChain } = useRuntimeConfig();
  const wagmiConfig = useConfig();
  const flow = useTokenFlow();
  const registry = deployment!.contracts.CodeRegistry.address;
  const devToken = deployment!.contracts.DevStakeToken?.address;
  const bond = useReadContract({ address: registry, abi: codeRegistryAbi, functionName: "publicationBond", chainId });
  const [codeHash, setCodeHash] = useState("");
  const [contentId, setContentId] = useState("");
  const [size, setSize] = useState("");
  const [urgency, setUrgency] = useState(0);
  const [description, setDescription] = useState("");
  const [touched, setTouched] = useState(false);

  const hash = codeHash.trim();
  const content = contentId.trim() || hash;
  const bytes = /^\d+$/.test(size.trim()) ? BigInt(size.trim()) : null;
  const errors = {
    hash: isHash(hash) ? null : "The code hash is 32 bytes: 0x and 64 hex digits.",
    content: isHash(content) ? null : "The content id is 32 bytes: 0x and 64 hex digits.",
    size: bytes !== null && bytes > 0n ? null : "The bundle's size in bytes, a whole number above 0.",
  };
  const valid = !errors.hash && !errors.content && !errors.size;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!valid || bond.data === undefined || !token) return;
    const amount = bond.data;
    const balanceOf = () =>
      readContract(wagmiConfig, {
        address: token.address,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [account],
        chainId,
      });
    const descriptionUri = description.trim() ? `data:text/plain,${encodeURIComponent(description.trim())}` : "";
    const done = await flow.run(
      [
        ...(isLocalChain && devToken
          ? [
              {
                label: "Take development tokens from the faucet for the bond",
                prepare: async () =>
                  amount > 0n && (await balanceOf()) < amount
                    ? { address: devToken, abi: devStakeTokenAbi, functionName: "faucet", args: [] }
                    : null,
              },
            ]
          : []),
        {
          label: `Approve the bond of ${token.format(amount)} for the registry`,
          prepare: async () => {
            if (amount === 0n) return null;
            const allowance = await readContract(wagmiConfig, {
              address: token.address,
              abi: erc20Abi,
              functionName: "allowance",
              args: [account, registry],
              chainId,
            });
            return allowance >= amount
              ? null
              : { address: token.address, abi: erc20Abi, functionName: "approve", args: [registry, amount] };
          },
        },
        {
          label: "Publish the release",
          prepare: () => ({
            address: registry,
            abi: codeRegistryAbi,
            functionName: "publish",
            args: [hash as Hex, content as Hex, bytes!, urgency, descriptionUri],
          }),
        },
      ],
      { success: "Published: the release is pending review, listed below. Propose its approval from its card." },
    );
    if (done) {
      setCodeHash("");
      setContentId("");
      setSize("");
      setDescription("");
      setTouched(false);
    }
  }

  const shown = (error: string | null) => (touched ? error : null);
  return (
    <section className="card card--wide" aria-labelledby="publish-heading" data-testid="publish-release">
      <div className="card__head">
        <h2 id="publish-heading">Publish a release</h2>
      </div>
      <p className="muted small">
        A release names the code hash of an agent bundle (the example bundles&apos; hashes and sizes are in
        worker/agents/manifest.json), where its bytes are and how big they are. It waits out a review window set by its
        size and urgency before governance may approve it. Publishing holds a bond of{" "}
        {bond.data === undefined || !token ? "…" : token.format(bond.data)}, returned on approval and forfeited if the
        guardian revokes the release.
      </p>
      <form onSubmit={submit} noValidate className="form">
        <Field id="publish-code-hash" label="Code hash" error={shown(errors.hash)}>
          <input
            id="publish-code-hash"
            className="mono"
            value={codeHash}
            placeholder="0x…"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setCodeHash(event.target.value)}
            data-testid="publish-code-hash"
          />
        </Field>
        <Field
          id="publish-content-id"
          label="Content id (optional)"
          hint="Where the bundle can be fetched; the code hash when left empty."
          error={contentId.trim() ? shown(errors.content) : null}
        >
          <input
            id="publish-content-id"
            className="mono"
            value={contentId}
            placeholder="the code hash"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setContentId(event.target.value)}
            data-testid="publish-content-id"
          />
        </Field>
        <Field id="publish-size" label="Size (bytes)" error={shown(errors.size)}>
          <input
            id="publish-size"
            inputMode="numeric"
            value={size}
            onChange={(event) => setSize(event.target.value)}
            data-testid="publish-size"
          />
        </Field>
        <Field id="publish-urgency" label="Urgency" hint="Urgent and emergency releases have shorter review windows.">
          <select
            id="publish-urgency"
            value={urgency}
            onChange={(event) => setUrgency(Number(event.target.value))}
            data-testid="publish-urgency"
          >
            {urgencyLabels.map((label, value) => (
              <option key={label} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="publish-description" label="Description (public)">
          <input
            id="publish-description"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            data-testid="publish-description"
          />
        </Field>
        <button
          type="submit"
          className="button button--primary"
          disabled={!writable || flow.busy || bond.data === undefined || !token}
          data-testid="publish-submit"
        >
          Publish
        </button>
      </form>
      <TxStatus state={flow.state} testId="publish-tx" onDismiss={flow.reset} />
    </section>
  );
}
