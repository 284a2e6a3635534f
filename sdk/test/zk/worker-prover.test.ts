import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ArtifactNotFoundError,
  buildWitnessInput,
  createStakeIdentity,
  createWorkerProver,
  fetchArtifact,
  handleProverRequest,
  hashToField,
  InvalidStakeProofInputError,
  ProverWorkerError,
  stakeLeaf,
  StakeTree,
  WitnessRejectedError,
  type ProverProgress,
  type ProverWorkerLike,
  type ProverWorkerRequest,
  type ProverWorkerResponse,
  type ProveStakeMembershipReturnType,
  type StakeMembershipCircuitInput,
} from "../../src/zk/index.ts";
import { seededRandomBytes } from "./fixtures.ts";

type Handler = (request: unknown, post: (response: ProverWorkerResponse) => void) => Promise<void> | void;

/** A Worker stand-in: messages cross by structured clone, asynchronously, as they would. */
class FakeWorker implements ProverWorkerLike {
  readonly listeners = new Map<string, ((event: never) => void)[]>();
  terminated = false;
  readonly #handler: Handler;
  constructor(handler: Handler) {
    this.#handler = handler;
  }
  postMessage(message: ProverWorkerRequest): void {
    const request = structuredClone(message);
    setTimeout(
      () => void this.#handler(request, (response) => this.emit("message", { data: structuredClone(response) })),
    );
  }
  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, event: unknown): void {
    if (this.terminated) return;
    for (const listener of this.listeners.get(type) ?? []) (listener as (event: unknown) => void)(event);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const identity = createStakeIdentity(seededRandomBytes("worker"));
const tree = new StakeTree(undefined, [stakeLeaf(identity.commitment, 100n)]);
const { input } = buildWitnessInput({
  secret: identity.secret,
  stakeAmount: 100n,
  merkleProof: tree.merkleProof(0),
  threshold: 10n,
  scope: hashToField("scope"),
  message: hashToField("message"),
});
const fakeResult = { nullifier: 7n } as unknown as ProveStakeMembershipReturnType;
const request = (wasmUrl = "/wasm", zkeyUrl = "/zkey", circuitInput: StakeMembershipCircuitInput = input) => ({
  input: circuitInput,
  wasmUrl,
  zkeyUrl,
});

const payload = new Uint8Array(300_000).map((_, index) => index % 251);
const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((byte, index) => byte === b[index]);
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/sized") {
      res.writeHead(200, { "content-length": String(payload.length) });
      res.end(payload);
    } else if (req.url === "/chunked") {
      res.writeHead(200);
      res.write(payload.subarray(0, 1_000));
      setTimeout(() => res.end(payload.subarray(1_000)), 10);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("# createWorkerProver", () => {
  it("should forward progress and resolve with the result of its own request id", async () => {
    const prover = createWorkerProver(
      new FakeWorker((message, post) => {
        const { id } = message as ProverWorkerRequest;
        post({ type: "progress", id: id + 100, progress: { stage: "witness", elapsedMs: 0 } });
        post({ type: "progress", id, progress: { stage: "download", artifact: "zkey", loaded: 5, total: 10 } });
        post({ type: "progress", id, progress: { stage: "done", elapsedMs: 3 } });
        post({ type: "result", id, result: { ...fakeResult, nullifier: BigInt(id) } });
      }),
    );
    const seen: ProverProgress[] = [];
    const [first, second] = await Promise.all([
      prover.prove(request(), (progress) => seen.push(progress)),
      prover.prove(request()),
    ]);
    expect(first.nullifier).toBe(1n);
    expect(second.nullifier).toBe(2n);
    expect(seen).toEqual([
      { stage: "download", artifact: "zkey", loaded: 5, total: 10 },
      { stage: "done", elapsedMs: 3 },
    ]);
  });

  it("should reject with the typed error the worker reports", async () => {
    const prover = createWorkerProver(
      new FakeWorker((message, post) =>
        post({
          type: "error",
          id: (message as ProverWorkerRequest).id,
          error: { name: "WitnessRejectedError", message: "no", retryable: false },
        }),
      ),
    );
    await expect(prover.prove(request())).rejects.toBeInstanceOf(WitnessRejectedError);
  });

  it("should reject every pending request when the worker crashes", async () => {
    const worker = new FakeWorker(() => {});
    const prover = createWorkerProver(worker);
    const pending = [prover.prove(request()), prover.prove(request())];
    worker.emit("error", { message: "out of memory" });
    for (const proof of pending) await expect(proof).rejects.toThrow(/crashed: out of memory/);
  });

  it("should reject an unreadable message and requests after terminate()", async () => {
    const worker = new FakeWorker(() => {});
    const prover = createWorkerProver(worker);
    const unreadable = prover.prove(request());
    worker.emit("messageerror", {});
    await expect(unreadable).rejects.toBeInstanceOf(ProverWorkerError);
    const pending = prover.prove(request());
    prover.terminate();
    expect(worker.terminated).toBe(true);
    await expect(pending).rejects.toThrow(/terminated/);
    await expect(prover.prove(request())).rejects.toBeInstanceOf(ProverWorkerError);
  });
});

describe("# handleProverRequest", () => {
  const run = (message: unknown) => {
    const responses: ProverWorkerResponse[] = [];
    return handleProverRequest(message, (response) => responses.push(response)).then(() => responses);
  };

  it("should refuse an invalid input before downloading anything", async () => {
    const prover = createWorkerProver(new FakeWorker(handleProverRequest));
    const wrong = { ...input, stakeAmount: 1n };
    await expect(prover.prove(request(`${base}/sized`, `${base}/sized`, wrong))).rejects.toBeInstanceOf(
      InvalidStakeProofInputError,
    );
  });

  it("should report an artifact it cannot fetch as a retryable ArtifactNotFoundError", async () => {
    const prover = createWorkerProver(new FakeWorker(handleProverRequest));
    const error = await prover
      .prove(request(`${base}/missing.wasm`, `${base}/sized`))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArtifactNotFoundError);
    expect((error as ArtifactNotFoundError).retryable).toBe(true);
  });

  it("should answer a malformed request with an error", async () => {
    expect(await run({ type: "prove", id: 3 })).toEqual([
      { type: "error", id: 3, error: expect.objectContaining({ name: "ProverWorkerError" }) },
    ]);
  });
});

describe("# fetchArtifact", () => {
  it("should stream the body and report bytes against the Content-Length", async () => {
    const seen: ProverProgress[] = [];
    const bytes = await fetchArtifact(`${base}/sized`, "zkey", (progress) => seen.push(progress));
    expect(sameBytes(bytes, payload)).toBe(true);
    expect(seen[0]).toEqual({ stage: "download", artifact: "zkey", loaded: 0, total: payload.length });
    expect(seen.at(-1)).toEqual({ stage: "download", artifact: "zkey", loaded: payload.length, total: payload.length });
  });

  it("should report bytes without a total when the server sends no length", async () => {
    const seen: ProverProgress[] = [];
    const bytes = await fetchArtifact(`${base}/chunked`, "wasm", (progress) => seen.push(progress));
    expect(sameBytes(bytes, payload)).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((progress) => "total" in progress && progress.total === undefined)).toBe(true);
  });
});
