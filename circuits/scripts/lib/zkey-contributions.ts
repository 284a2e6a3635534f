/**
 * The phase-2 contributions a Groth16 zkey carries (its MPC section), read with snarkjs's own
 * reader and hashed as snarkjs hashes them, so the ceremony, the manifest and `verify-setup` name
 * each contribution by the hash its contributor saw printed (`zkey contribute`, `zkey verify`).
 *
 * snarkjs exports no subpaths, so its reader (src/zkey_utils.js) and the binary-file library it
 * reads with are loaded by file path from snarkjs's own folder: the same code, the same versions.
 * Reading the list proves nothing about the zkey; `zKey.verifyFromInit` checks that every
 * contribution was applied. This only names them.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as snarkjs from "snarkjs";
import { snarkjsDir } from "./paths.ts";

export interface ZkeyContribution {
  /** 1-based position in the zkey, as `snarkjs zkey verify` numbers it. */
  index: number;
  name: string;
  /** blake2b-512 of the contribution's public key and transcript, hex: what `zkey contribute` prints. */
  hash: string;
  /** Present on a beacon: the public value it was derived from and 2^iterationsExp hash rounds. */
  beacon?: { value: string; iterationsExp: number };
}

export interface ZkeyContributions {
  /** blake2b-512 of the circuit's constraint system as snarkjs hashes it, hex. */
  circuitHash: string;
  contributions: ZkeyContribution[];
}

interface MpcContribution {
  type: number;
  name?: string;
  numIterationsExp?: number;
  beaconHash?: Uint8Array;
}

interface SnarkjsInternals {
  readBinFile(
    file: string,
    type: string,
    maxVersion: number,
  ): Promise<{ fd: { close(): Promise<void> }; sections: unknown }>;
  readMPCParams(
    fd: unknown,
    curve: unknown,
    sections: unknown,
  ): Promise<{ csHash: Uint8Array; contributions: MpcContribution[] }>;
  hashPubKey(hasher: { update(data: Uint8Array): unknown }, curve: unknown, contribution: MpcContribution): void;
}

let internals: Promise<SnarkjsInternals> | undefined;

function loadInternals(): Promise<SnarkjsInternals> {
  internals ??= (async () => {
    const fromSnarkjs = createRequire(path.join(snarkjsDir, "package.json"));
    // The package exports only its CommonJS build (build/main.cjs); its ES module is src/binfileutils.js.
    const binFileUtilsDir = path.resolve(path.dirname(fromSnarkjs.resolve("@iden3/binfileutils")), "..");
    const [zkeyUtils, binFileUtils] = await Promise.all([
      import(pathToFileURL(path.join(snarkjsDir, "src", "zkey_utils.js")).href),
      import(pathToFileURL(path.join(binFileUtilsDir, "src", "binfileutils.js")).href),
    ]);
    return {
      readBinFile: binFileUtils.readBinFile,
      readMPCParams: zkeyUtils.readMPCParams,
      hashPubKey: zkeyUtils.hashPubKey,
    };
  })();
  return internals;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

export async function readZkeyContributions(zkeyFile: string): Promise<ZkeyContributions> {
  const { readBinFile, readMPCParams, hashPubKey } = await loadInternals();
  const curve = await snarkjs.curves.getCurveFromName("bn128");
  const { fd, sections } = await readBinFile(zkeyFile, "zkey", 2);
  try {
    const { csHash, contributions } = await readMPCParams(fd, curve, sections);
    return {
      circuitHash: hex(csHash),
      contributions: contributions.map((contribution, position) => {
        const hasher = createHash("blake2b512");
        hashPubKey(hasher, curve, contribution);
        return {
          index: position + 1,
          name: contribution.name ?? "",
          hash: hasher.digest("hex"),
          ...(contribution.type === 1
            ? { beacon: { value: hex(contribution.beaconHash!), iterationsExp: contribution.numIterationsExp! } }
            : {}),
        };
      }),
    };
  } finally {
    await fd.close();
  }
}

/** A 64-byte hash as snarkjs prints it (four lines of four 8-digit groups), for contributors to compare. */
export function formatLikeSnarkjs(hash: string): string {
  const groups = hash.match(/.{8}/g) ?? [];
  return [0, 1, 2, 3].map((line) => `\t\t${groups.slice(line * 4, line * 4 + 4).join(" ")}`).join("\n");
}
