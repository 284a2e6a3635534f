"use client";
import {
  agentRegistryAbi,
  createIdentityProof,
  IdentityProofError,
  IdentityProofLookupError,
  NEW_AGENT,
  parseIdentityProof,
  verifyIdentityProof,
} from "@leasehold/sdk";
import { useState } from "react";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { useConnection, usePublicClient } from "wagmi";
import { describedBy, Field } from "@/components/ui/field";
import { shortAddress } from "@/lib/format";
import { identityProofMessages } from "@/lib/identity-proof-messages";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { generateIdentity } from "./identity-key";

/** The last two arguments of `register` and `rotateIdentity`: the proof's deadline and signature. */
export type IdentityProofArgs = readonly [deadline: bigint, signature: Hex];

/**
 * The registry binds an identity only with its key's signature naming the sending account
 * (docs/RECEIPTS.md, "Identity proofs"), so nobody can claim a key they do not hold. A key
 * generated in this page signs its own proof when the form is sent (the key never leaves the
 * page); any other identity needs the proof pasted from the worker that holds its key, checked
 * here with the sdk, against the chain, before anything is sent.
 */
export function useIdentityProof() {
  const { deployment, chainId } = useRuntimeConfig();
  const { address: operator } = useConnection();
  const publicClient = usePublicClient({ chainId });
  const registry = deployment!.contracts.AgentRegistry.address;
  // Kept apart from the key's one-time display: dismissing that must not lose the signer.
  const [localKey, setLocalKey] = useState<{ privateKey: Hex; address: Address } | null>(null);
  const [pasted, setPasted] = useState("");

  const signsHere = (identity: string) =>
    localKey !== null && identity.trim().toLowerCase() === localKey.address.toLowerCase();

  /** What is wrong with the pasted proof for `identity` that needs no chain read to see, or null. */
  function check(identity: Address): string | null {
    if (signsHere(identity)) return null;
    if (pasted.trim() === "") {
      return "Paste the identity proof for this key (see below), or generate a new key in this page.";
    }
    let proofIdentity: Address;
    try {
      proofIdentity = parseIdentityProof(pasted.trim()).identity;
    } catch {
      return identityProofMessages.malformed;
    }
    if (proofIdentity.toLowerCase() !== identity.toLowerCase()) {
      return `This proof is for identity ${shortAddress(proofIdentity)}, not ${shortAddress(identity)}.`;
    }
    return null;
  }

  /** The proof's arguments for binding `identity` to `agentId` (NEW_AGENT to register). */
  async function prove(identity: Address, agentId: bigint = NEW_AGENT): Promise<IdentityProofArgs> {
    if (!publicClient || !operator) throw new IdentityProofLookupError("No wallet or chain connection");
    if (localKey && signsHere(identity)) {
      const proof = await createIdentityProof({
        publicClient,
        agentRegistry: registry,
        account: privateKeyToAccount(localKey.privateKey),
        operator,
        agentId,
      });
      return [proof.deadline, proof.signature];
    }
    const proof = parseIdentityProof(pasted.trim());
    let owner: bigint;
    let nonce: bigint;
    let now: bigint;
    try {
      const read = (functionName: "agentOfIdentity" | "nonces") =>
        publicClient.readContract({ address: registry, abi: agentRegistryAbi, functionName, args: [identity] });
      [owner, nonce, { timestamp: now }] = await Promise.all([
        read("agentOfIdentity"),
        read("nonces"),
        publicClient.getBlock({ blockTag: "latest" }),
      ]);
    } catch (error) {
      throw new IdentityProofLookupError("Cannot read the identity's registration", { cause: error });
    }
    if (owner !== 0n) throw new IdentityProofError("identity-taken", `${identity} is agent #${owner}'s identity`);
    await verifyIdentityProof({
      signedProof: proof,
      expected: { chainId, agentRegistry: registry, operator, agentId, nonce, now },
    });
    return [proof.deadline, proof.signature];
  }

  return {
    operator,
    pasted,
    setPasted,
    signsHere,
    check,
    prove,
    /** A fresh key made in this page; it will sign its own proof. */
    generate() {
      const key = generateIdentity();
      setLocalKey(key);
      return key;
    },
    /** Forget the local key and the pasted proof (after the transaction went through). */
    reset() {
      setLocalKey(null);
      setPasted("");
    },
  };
}

/**
 * Where the proof comes from, for the identity typed above it: a note when this page signs it,
 * else a box for the pasted proof with how to make one.
 */
export function IdentityProofField({
  id,
  identityProof,
  identity,
  agentId,
  error,
  onEdit,
}: {
  id: string;
  identityProof: ReturnType<typeof useIdentityProof>;
  identity: string;
  /** The agent whose key is rotated; none for a registration. */
  agentId?: string;
  error: string | null;
  /** Called after every edit of the pasted proof. */
  onEdit?: () => void;
}) {
  if (identityProof.signsHere(identity)) {
    return (
      <p className="field__hint" data-testid={`${id}-local`}>
        This key was made in this page: it signs its own identity proof when you send, and only the signature leaves the
        page.
        {error ? (
          <span className="field__error" role="alert" data-testid={`${id}-error`}>
            {" "}
            {error}
          </span>
        ) : null}
      </p>
    );
  }
  const command = [
    "node worker/src/identity-proof.ts --rpc <url> --deployment <record>",
    `--operator ${identityProof.operator ?? "<your address>"}`,
    agentId === undefined ? null : `--agent ${agentId}`,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <Field
      id={id}
      label="Identity proof"
      hint={
        <>
          The registry takes an identity only with its key&apos;s signature naming your account, so nobody can claim a
          key they do not hold. On the worker that holds the key (in{" "}
          <span className="mono">LEASEHOLD_IDENTITY_KEY</span>
          ), run <span className="mono">{command}</span> and paste the line it prints. It is checked here before
          anything is sent, and is good for your account only.
        </>
      }
      error={error}
    >
      <textarea
        id={id}
        className="mono"
        rows={3}
        spellCheck={false}
        placeholder='{"chainId":…,"identity":"0x…","operator":"0x…","signature":"0x…"}'
        value={identityProof.pasted}
        onChange={(event) => {
          identityProof.setPasted(event.target.value);
          onEdit?.();
        }}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(id, true, error)}
        data-testid={id}
      />
    </Field>
  );
}
