/**
 * Where the worker fetches a job's inputs: the context envelope, content-addressed by the sdk's
 * contextContentId (sha256 of the envelope, the id the lease records), and the content key sealed
 * to the job's X25519 key. Neither is secret at rest: the envelope is AEAD ciphertext and the
 * sealed key opens only with a secret that lives in the worker's memory for one job.
 *
 * How the sealed key arrives (the gateway, docs/GATEWAY.md, is the data owner's way in): the
 * worker publishes the job's certificate (ephemeral key, sealing key, signed by the agent identity) through
 * `putCertificate`; the data owner verifies it against the chain, seals the content key to its
 * `sealingKey` for (chainId, jobId) and uploads it with `putSealedKey(jobId, sealed)`, after the
 * job's sealed input if the job takes one. The local store keeps `<jobId>.cert.json`,
 * `<jobId>.in`, `<jobId>.key` and the sealed output `<jobId>.out` next to the envelopes
 * (`<contentId>.ctx`).
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertContextContentId, contextContentId, type SealingError } from "@leasehold/sdk";
import type { Hex } from "viem";
import { StoreIntegrityError, StoreObjectMissingError } from "../errors.ts";

export interface ContentStore {
  /** Stores an envelope; resolves with its content id. */
  putContext(envelope: Uint8Array): Promise<Hex>;
  /** The envelope whose sha256 is `contentId`; verified before it is returned. */
  getContext(contentId: Hex): Promise<Uint8Array>;
  putCertificate(jobId: bigint, certificateJson: string): Promise<void>;
  getCertificate(jobId: bigint): Promise<string>;
  putSealedKey(jobId: bigint, sealedKey: Uint8Array): Promise<void>;
  getSealedKey(jobId: bigint): Promise<Uint8Array>;
  /** The job's input sealed by the data owner for the job (sdk sealJobInput): ciphertext only. Optional per job. */
  putInput(jobId: bigint, sealedInput: Uint8Array): Promise<void>;
  getInput(jobId: bigint): Promise<Uint8Array>;
  /** Removes the job's sealed key and sealed input, if any (a new attempt needs new ones). */
  deleteJobInputs(jobId: bigint): Promise<void>;
  /** The job's output sealed for the data owner (sdk sealJobOutput): ciphertext only. */
  putOutput(jobId: bigint, sealedOutput: Uint8Array): Promise<void>;
  getOutput(jobId: bigint): Promise<Uint8Array>;
}

const CONTENT_ID = /^0x[0-9a-f]{64}$/;

/** A ContentStore in a local folder (created if missing). Writes go through a temp file and rename. */
export function createFileContentStore(dir: string): ContentStore {
  const file = (name: string) => path.join(dir, name);

  async function put(name: string, bytes: Uint8Array | string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const temp = file(`.${name}.${process.pid}.tmp`);
    await writeFile(temp, bytes);
    await rename(temp, file(name));
  }

  async function get(name: string, what: string): Promise<Buffer> {
    try {
      return await readFile(file(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new StoreObjectMissingError(`${what} is not in the store yet`, { cause: error });
      }
      throw error;
    }
  }

  return {
    async putContext(envelope) {
      const contentId = contextContentId(envelope);
      await put(`${contentId}.ctx`, envelope);
      return contentId;
    },
    async getContext(contentId) {
      const id = contentId.toLowerCase();
      if (!CONTENT_ID.test(id)) throw new StoreIntegrityError("Not a content id");
      const envelope = new Uint8Array(await get(`${id}.ctx`, "Context envelope"));
      try {
        assertContextContentId(envelope, id as Hex);
      } catch (error) {
        throw new StoreIntegrityError("Stored envelope does not hash to its id", { cause: error as SealingError });
      }
      return envelope;
    },
    putCertificate: (jobId, certificateJson) => put(`${jobId}.cert.json`, certificateJson),
    getCertificate: async (jobId) => (await get(`${jobId}.cert.json`, "Job certificate")).toString("utf8"),
    putSealedKey: (jobId, sealedKey) => put(`${jobId}.key`, sealedKey),
    getSealedKey: async (jobId) => new Uint8Array(await get(`${jobId}.key`, "Sealed content key")),
    putInput: (jobId, sealedInput) => put(`${jobId}.in`, sealedInput),
    getInput: async (jobId) => new Uint8Array(await get(`${jobId}.in`, "Job input")),
    deleteJobInputs: async (jobId) => {
      await rm(file(`${jobId}.key`), { force: true });
      await rm(file(`${jobId}.in`), { force: true });
    },
    putOutput: (jobId, sealedOutput) => put(`${jobId}.out`, sealedOutput),
    getOutput: async (jobId) => new Uint8Array(await get(`${jobId}.out`, "Job output")),
  };
}
