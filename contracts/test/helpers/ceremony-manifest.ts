import { readFile } from "node:fs/promises";
import type { ArtifactManifest } from "../../../circuits/src/artifacts.ts";
import { circuitsManifestFile } from "../../../scripts/deploy/setup-guard.ts";

/**
 * The kept manifest as the ceremony's finalize step would write it (public ptau, three
 * contributions, a beacon from an announced block), for tests that deploy "off the local chain".
 * The verifier it records is still the kept (development) one: only the deploy's guard reads this.
 */
export async function ceremonyManifest(): Promise<ArtifactManifest> {
  const kept = JSON.parse(await readFile(circuitsManifestFile, "utf8")) as ArtifactManifest;
  const hash = (digit: string) => digit.repeat(128);
  return {
    ...kept,
    setup: {
      ptau: {
        file: "powersOfTau28_hez_final_13.ptau",
        power: 13,
        production: true,
        sha256: "0".repeat(64),
        bytes: 1,
        blake2b:
          "58efc8bf2834d04768a3d7ffcd8e1e23d461561729beaac4e3e7a47829a1c9066d5320241e124a1a8e8aa6c75be0ba66f65bc8239a0542ed38e11276f6fdb4d9",
      },
      phase2: "CEREMONY: three contributions and a beacon (test fixture)",
      contributions: [
        { name: "alice", hash: hash("a") },
        { name: "bob", hash: hash("b") },
        { name: "carol", hash: hash("c") },
      ],
      beacon: {
        name: "beacon: Ethereum mainnet block 21000000",
        hash: hash("d"),
        value: "5e".repeat(32),
        iterationsExp: 10,
        block: { chain: "Ethereum mainnet", number: 21_000_000 },
      },
    },
    artifacts: Object.fromEntries(Object.entries(kept.artifacts).filter(([file]) => !file.endsWith(".ptau"))),
  };
}
