/**
 * `npm run bench -- anchor-gas [--sizes 1,100,10000] [--attestations 20]`
 *
 * Gas per receipt put on-chain two ways, on a fresh anvil in one run:
 *
 *  - batched: ReceiptAnchor.anchor(agentId, root, leafCount) for a batch of N receipt digests
 *    (the sdk's buildReceiptTree), so each receipt costs gas(anchor) / N; a receipt is then
 *    proven with ReceiptAnchor.verifyInclusion(batchId, digest, proof), a proof of about log2(N)
 *    siblings, priced as its own call (eth_estimateGas: the gas a transaction doing only that
 *    would use, intrinsic 21,000 and calldata included);
 *  - plain: the baseline contracts/src/bench/PlainAttestation.sol, one storage slot and one
 *    event per receipt, in one transaction per receipt.
 *
 * Every figure is a whole transaction's gasUsed (what the sender pays for), so the 21,000
 * intrinsic gas counts on both sides. Gas is deterministic: the plain side is the median of a
 * few attestations only to show that it does not vary.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildReceiptTree, receiptAnchorAbi } from "@leasehold/sdk";
import { bytesToHex, encodeFunctionData, type Abi, type Hex } from "viem";
import { repoRoot } from "../scripts/artifacts.ts";
import { DEFAULT_STAKE, send, startBenchChain } from "./lib/chain.ts";
import { integer, median, printTable } from "./lib/report.ts";

const { values: options } = parseArgs({
  options: {
    sizes: { type: "string", default: "1,100,10000" },
    attestations: { type: "string", default: "20" },
  },
});
const sizes = options.sizes.split(",").map(Number);
const attestations = Number(options.attestations);
if (sizes.some((size) => !Number.isSafeInteger(size) || size < 1) || !(attestations >= 1)) {
  throw new Error("--sizes takes positive integers separated by commas, --attestations a positive integer");
}

const artifactFile = path.join(
  repoRoot,
  "contracts/artifacts/contracts/src/bench/PlainAttestation.sol/PlainAttestation.json",
);

async function plainAttestationArtifact(): Promise<{ abi: Abi; bytecode: Hex }> {
  try {
    return JSON.parse(await readFile(artifactFile, "utf8"));
  } catch (cause) {
    throw new Error("No PlainAttestation artifact: run `npm run build:contracts`", { cause });
  }
}

const randomDigest = (): Hex => bytesToHex(randomBytes(32));

async function main(): Promise<void> {
  const artifact = await plainAttestationArtifact();
  const chain = await startBenchChain({ codeHash: randomDigest(), stake: DEFAULT_STAKE });
  try {
    const { operator, agentId } = chain;
    const receiptAnchor = chain.deployment.contracts.ReceiptAnchor.address;
    const deployHash = await operator.walletClient.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args: [],
    });
    const deployed = await operator.publicClient.waitForTransactionReceipt({ hash: deployHash });
    const plain = deployed.contractAddress!;

    const plainGas: number[] = [];
    for (let i = 0; i < attestations; i += 1) {
      const { gasUsed } = await send(operator, {
        address: plain,
        abi: artifact.abi,
        functionName: "attest",
        args: [randomDigest()],
      });
      plainGas.push(Number(gasUsed));
    }
    const attest = median(plainGas);

    const rows = [
      [
        "batch size",
        "anchor gas",
        "anchor / receipt",
        "vs plain",
        "proof",
        "verify gas",
        "anchor/receipt + verify",
        "vs plain",
      ],
    ];
    for (const size of sizes) {
      const digests = Array.from({ length: size }, randomDigest);
      const tree = buildReceiptTree(digests);
      const { result: batchId, gasUsed: anchorGas } = await send(operator, {
        address: receiptAnchor,
        abi: receiptAnchorAbi,
        functionName: "anchor",
        args: [agentId, tree.root, BigInt(size)],
      });
      // Leaf 0 has the longest proof (an odd last leaf may skip levels).
      const proof = tree.proof(0);
      const verifyArgs = [batchId as Hex, digests[0]!, proof] as const;
      const included = await operator.publicClient.readContract({
        address: receiptAnchor,
        abi: receiptAnchorAbi,
        functionName: "verifyInclusion",
        args: verifyArgs,
      });
      if (!included) throw new Error(`The inclusion proof of a batch of ${size} did not verify`);
      // A view, which estimateContractGas does not take: estimate the raw call instead.
      const verifyGas = await operator.publicClient.estimateGas({
        account: operator.walletClient.account,
        to: receiptAnchor,
        data: encodeFunctionData({ abi: receiptAnchorAbi, functionName: "verifyInclusion", args: verifyArgs }),
      });
      const perReceipt = Number(anchorGas) / size;
      const withProof = perReceipt + Number(verifyGas);
      rows.push([
        integer(size),
        integer(anchorGas),
        perReceipt.toLocaleString("en-US", { maximumFractionDigits: 1 }),
        (perReceipt / attest).toFixed(4),
        `${proof.length} siblings`,
        integer(verifyGas),
        integer(withProof),
        (withProof / attest).toFixed(3),
      ]);
    }

    console.log(
      `\nGas per receipt on anvil (whole transactions, intrinsic 21,000 included), against PlainAttestation.attest` +
        `\n(one slot + one event per receipt): ${integer(attest)} gas per receipt, median of ${attestations}` +
        ` (min ${integer(Math.min(...plainGas))}, max ${integer(Math.max(...plainGas))}).\n`,
    );
    printTable(rows);
    console.log(
      "\n'vs plain' is the ratio to one plain attestation per receipt. 'verify gas' is verifyInclusion priced as a" +
        "\ntransaction of its own (eth_estimateGas); inside JobEscrow.submitReceipt it is a call without the 21,000," +
        "\nnext to verifyReceipt's two ECDSA recoveries, which neither side of this table counts.",
    );
  } finally {
    await chain.stop();
  }
}

await main();
