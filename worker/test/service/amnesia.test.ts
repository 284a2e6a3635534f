/**
 * Amnesia: after the worker service has run jobs, neither its data folder nor a heap snapshot of
 * the process holds a job's ephemeral signing key, its X25519 sealing secret, the owner's content
 * key or any value of the plaintext context.
 *
 * How the test avoids finding its own copies: everything secret is recorded only XOR-masked
 * (mask and masked bytes, neither of which is the secret), the context's values come from a
 * seeded generator (they are not in this file's source), and the strings to search for are
 * rebuilt only after the snapshot is written. A positive control, a marker string the test keeps
 * reachable, must be found, or the search proves nothing.
 *
 * What a heap snapshot can see: strings and object shapes of the JavaScript heap, not the bytes
 * inside ArrayBuffers. So this catches keys and plaintext kept as strings (hex keys held by a
 * retained viem account, decoded context text, JSON) and anything reachable after the job ends;
 * zeroing of byte buffers is checked by the shred and lifecycle tests.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { generateSealingKeyPair } from "@leasehold/sdk";
import pino from "pino";
import { bytesToHex } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/audit/index.ts";
import { JobStatus } from "../../src/chain/index.ts";
import { ReceiptJournal } from "../../src/journal/index.ts";
import { createSandbox } from "../../src/sandbox/index.ts";
import { WorkerService } from "../../src/service/index.ts";
import { createFileContentStore } from "../../src/store/index.ts";
import {
  answerCertificate,
  lendAndOpen,
  scopeHash,
  startLocalChain,
  type LocalChain,
} from "../fixtures/local-chain.ts";
import { heapStrings } from "../fixtures/heap-strings.ts";
import { seededRandom } from "../fixtures/seeded-random.ts";

/** A secret as two harmless halves. */
type Masked = { what: string; mask: Uint8Array; masked: Uint8Array };
const recorded: Masked[] = [];

function record(what: string, secret: Uint8Array): void {
  const mask = crypto.getRandomValues(new Uint8Array(secret.length));
  recorded.push({ what, mask, masked: secret.map((byte, i) => byte ^ mask[i]!) });
}

function unmask({ mask, masked }: Masked): Buffer {
  return Buffer.from(masked.map((byte, i) => byte ^ mask[i]!));
}

/** A customer list of generated people; only masked copies of their values are kept. */
function generatedContext(random: () => number, count: number): Uint8Array {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const word = (length: number) =>
    Array.from({ length }, () => letters[Math.floor(random() * letters.length)]).join("");
  const people = Array.from({ length: count }, () => {
    const first = word(9);
    const last = word(11);
    return { name: `${first} ${last}`, email: `${first}.${last}@${word(8)}.example`, plan: "gold" };
  });
  for (const person of people) {
    record("a context name", new TextEncoder().encode(person.name));
    record("a context e-mail", new TextEncoder().encode(person.email));
  }
  return new TextEncoder().encode(JSON.stringify(people));
}

let local: LocalChain;
let dataDir: string;
const sandbox = createSandbox();
// Positive controls, kept reachable on purpose: a flat string and a rope (what `+` makes of two
// flat strings), which a plain search of the snapshot file would miss.
const flatMarker = JSON.parse(JSON.stringify(bytesToHex(crypto.getRandomValues(new Uint8Array(16))))) as string;
const controls = [`amnesia-flat-${flatMarker}`.normalize(), "amnesia-rope-" + flatMarker];

beforeAll(async () => {
  local = await startLocalChain({ identityIndex: 1_200 });
  dataDir = await mkdtemp(path.join(tmpdir(), "leasehold-amnesia-"));
}, 120_000);

afterAll(async () => {
  await sandbox.close();
  await local?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("# amnesia", () => {
  it("should keep no key or plaintext of finished jobs on disk or in its heap", async () => {
    const store = createFileContentStore(path.join(dataDir, "store"));
    const journal = await ReceiptJournal.open({ dir: dataDir });
    const audit = await AuditLog.open({ dir: dataDir });
    const service = new WorkerService({
      chain: local.chain,
      store,
      journal,
      audit,
      sandbox,
      logger: pino({ level: "silent" }),
      agents: [
        {
          agentId: local.agentId,
          identity: local.identity,
          bundleName: "redaction",
          servedScopes: [scopeHash],
          paymentFloor: 0n,
        },
      ],
      pollIntervalMs: 100,
      batch: { maxReceipts: 3, maxWaitMs: 500 },
      keys: {
        ephemeral: () => {
          const key = generatePrivateKey();
          record("an ephemeral key", Buffer.from(key.slice(2), "hex"));
          return key;
        },
        sealing: () => {
          const pair = generateSealingKeyPair();
          record("a sealing secret", pair.secretKey);
          return pair;
        },
      },
    });

    const random = seededRandom(0x1ea5e);
    const jobs: bigint[] = [];
    const answers: Promise<void>[] = [];
    for (let n = 0; n < 3; n++) {
      const plaintext = generatedContext(random, 4);
      const lent = await lendAndOpen(local, store, plaintext);
      plaintext.fill(0);
      record("a content key", lent.contentKey);
      jobs.push(lent.jobId);
      answers.push(
        answerCertificate(local, store, lent.jobId, lent.contentKey).then(() => void lent.contentKey.fill(0)),
      );
    }
    await service.start();
    await Promise.all(answers);
    for (const jobId of jobs) {
      for (let tries = 0; (await local.chain.getJob(jobId)).status !== JobStatus.Submitted; tries++) {
        if (tries > 600) throw new Error(`job ${jobId} was not submitted`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await service.idle();
    await service.stop();
    await journal.close();
    await audit.close();
    expect(recorded.filter((entry) => entry.what === "an ephemeral key")).toHaveLength(3);

    // Heap first, before the needles exist as strings in this process.
    const snapshotFile = writeHeapSnapshot(path.join(tmpdir(), `leasehold-amnesia-${process.pid}.heapsnapshot`));
    try {
      const heap = heapStrings(await readFile(snapshotFile, "utf8")).join("\n");
      for (const control of controls) expect(heap.includes(control), `the positive control ${control}`).toBe(true);
      for (const entry of recorded) {
        const secret = unmask(entry);
        for (const needle of spellings(entry.what, secret)) {
          expect(heap.includes(needle.toString("latin1")), `${entry.what} in the heap snapshot`).toBe(false);
        }
      }
    } finally {
      await rm(snapshotFile, { force: true });
    }

    const files = (await readdir(dataDir, { withFileTypes: true, recursive: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
    expect(files.some((file) => file.endsWith(".out"))).toBe(true);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const entry of recorded) {
        const secret = unmask(entry);
        for (const needle of [secret, ...spellings(entry.what, secret)]) {
          expect(bytes.indexOf(needle), `${entry.what} in ${path.relative(dataDir, file)}`).toBe(-1);
        }
      }
    }
  });
});

/** How a secret would appear as text: hex for keys, the text itself for context values. */
function spellings(what: string, secret: Buffer): Buffer[] {
  if (what.startsWith("a context")) return [secret];
  const hex = bytesToHex(secret).slice(2) as string;
  return [Buffer.from(hex), Buffer.from(hex.toUpperCase()), Buffer.from(secret.toString("base64"))];
}
