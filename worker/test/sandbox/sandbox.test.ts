import { ReceiptOutcome } from "@leasehold/sdk";
import { keccak256 } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { SandboxParameterError } from "../../src/errors.ts";
import {
  CAPABILITY_CALL_FUEL,
  createSandbox,
  FUEL_PER_BYTE,
  FUEL_PER_POLL,
  runAgent,
} from "../../src/sandbox/index.ts";
import { bundle, bytes, PLENTY, text } from "../fixtures/agents.ts";

const inline = createSandbox({ isolation: "inline" });
afterAll(() => inline.close());

const echo = bundle(`export function run(host) {
  const context = JSON.parse(host.readContext());
  host.writeOutput(JSON.stringify({ doubled: context.n * 2, input: host.input }));
}`);

describe("# run", () => {
  it("should run a bundle's run(host) and return what it wrote, with hashes for the receipt", async () => {
    const context = bytes(JSON.stringify({ n: 21 }));
    const result = await inline.run({ bundle: echo, context, input: { policy: "p" }, budget: PLENTY });
    expect(result.outcome).toBe("Completed");
    expect(result.termination).toBe("returned");
    expect(JSON.parse(text(result.output))).toEqual({ doubled: 42, input: { policy: "p" } });
    expect(result.hashes).toEqual({
      code: keccak256(echo),
      input: keccak256(context),
      output: keccak256(result.output),
    });
    expect(result.error).toBeUndefined();
  });

  it("should give the same output and usage in a worker thread as inline", async () => {
    const parameters = { bundle: echo, context: bytes(`{"n":1}`), budget: PLENTY };
    const threaded = await runAgent(parameters);
    const local = await inline.run(parameters);
    expect(text(threaded.output)).toBe(text(local.output));
    expect(threaded.usage.fuelUsed).toBe(local.usage.fuelUsed);
    expect(threaded.usage.capabilityCalls).toBe(local.usage.capabilityCalls);
  });

  it("should accept an async run() and a module with top-level await", async () => {
    const agent = bundle(
      `await Promise.resolve(); export async function run(host) { await null; host.writeOutput("late"); }`,
    );
    const result = await inline.run({ bundle: agent, context: bytes(""), budget: PLENTY });
    expect(result.outcome).toBe("Completed");
    expect(text(result.output)).toBe("late");
  });

  it("should hand in the context as bytes too, and accept typed arrays as output", async () => {
    const agent = bundle(`export function run(host) {
      const view = new Uint8Array(host.readContextBytes());
      host.writeOutput(view.map((byte) => byte + 1));
    }`);
    const result = await inline.run({ bundle: agent, context: new Uint8Array([1, 2, 255]), budget: PLENTY });
    expect([...result.output]).toEqual([2, 3, 0]);
  });

  it("should deep-freeze the job input", async () => {
    const agent = bundle(`export function run(host) {
      "use strict";
      try { host.input.policy.diet = "omnivore"; } catch (error) { host.writeOutput(error.name); }
    }`);
    const result = await inline.run({
      bundle: agent,
      context: bytes(""),
      input: { policy: { diet: "vegan" } },
      budget: PLENTY,
    });
    expect(text(result.output)).toBe("TypeError");
  });

  it("should name outcomes as the receipt does", async () => {
    const result = await inline.run({ bundle: echo, context: bytes(`{"n":1}`), budget: PLENTY });
    expect(ReceiptOutcome[result.outcome]).toBe(0);
  });
});

describe("# determinism", () => {
  const randomAgent = bundle(`export function run(host) {
    host.writeOutput(JSON.stringify([Math.random(), Math.random(), typeof Date]));
  }`);

  it("should seed Math.random from the job, so a run can be replayed", async () => {
    const parameters = { bundle: randomAgent, context: bytes("ctx"), budget: PLENTY };
    const first = JSON.parse(text((await inline.run(parameters)).output));
    const second = JSON.parse(text((await inline.run(parameters)).output));
    const reseeded = JSON.parse(text((await inline.run({ ...parameters, seed: new Uint8Array(16).fill(7) })).output));
    expect(first).toEqual(second);
    expect(reseeded).not.toEqual(first);
    expect(first[0]).toBeGreaterThanOrEqual(0);
    expect(first[0]).toBeLessThan(1);
  });

  it("should have no clock in the VM", async () => {
    const output = JSON.parse(
      text((await inline.run({ bundle: randomAgent, context: bytes(""), budget: PLENTY })).output),
    );
    expect(output[2]).toBe("undefined");
  });

  it("should charge the same fuel for the same work on every run", async () => {
    const busy = bundle(
      `export function run(host) { let s = 0; for (let i = 0; i < 200000; i++) s += i % 7; host.writeOutput(String(s)); }`,
    );
    const runs = await Promise.all(
      [0, 1, 2].map(() => inline.run({ bundle: busy, context: bytes(""), budget: PLENTY })),
    );
    const fuel = runs.map((run) => run.usage.fuelUsed);
    expect(new Set(fuel).size).toBe(1);
    expect(fuel[0]! % FUEL_PER_POLL).toBe(CAPABILITY_CALL_FUEL + 6 * FUEL_PER_BYTE);
    expect(fuel[0]).toBeGreaterThan(10 * FUEL_PER_POLL);
  });
});

describe("# metering", () => {
  it("should charge each capability call plus the bytes it moves", async () => {
    const agent = bundle(
      `export function run(host) { host.readContext(); host.log("abc"); host.writeOutput("12345"); }`,
    );
    const result = await inline.run({ bundle: agent, context: bytes("0123456789"), budget: PLENTY });
    expect(result.usage.capabilityCalls).toBe(3);
    expect(result.usage.fuelUsed).toBe(3 * CAPABILITY_CALL_FUEL + (10 + 3 + 5) * FUEL_PER_BYTE);
  });

  it("should draw spend() from the budget and report what is left", async () => {
    const agent = bundle(`export function run(host) { host.writeOutput(String(host.spend(500))); }`);
    const result = await inline.run({ bundle: agent, context: bytes(""), budget: 10_000 });
    expect(Number(text(result.output))).toBe(10_000 - CAPABILITY_CALL_FUEL - 500);
    expect(result.usage.fuelUsed).toBe(2 * CAPABILITY_CALL_FUEL + 500 + 4 * FUEL_PER_BYTE);
  });

  it("should stop with BudgetExhausted, charging exactly the budget, when computation runs out", async () => {
    const agent = bundle(`export function run(host) { host.writeOutput("partial"); for (;;) {} }`);
    const result = await inline.run({ bundle: agent, context: bytes(""), budget: 25_000 });
    expect(result.outcome).toBe("BudgetExhausted");
    expect(result.termination).toBe("fuel");
    expect(result.usage.fuelUsed).toBe(25_000);
    expect(result.output).toHaveLength(0);
  });

  it("should stop with BudgetExhausted when spend() asks for more than is left, even if the agent catches it", async () => {
    const agent = bundle(`export function run(host) {
      try { host.spend(1e9); } catch (error) {}
      host.writeOutput("carried on");
    }`);
    const result = await inline.run({ bundle: agent, context: bytes(""), budget: 50_000 });
    expect(result.outcome).toBe("BudgetExhausted");
    expect(result.usage.fuelUsed).toBe(50_000);
    expect(result.usage.capabilityCalls).toBe(2);
  });

  it("should refuse a spend() that is not a non-negative integer", async () => {
    const agent = bundle(`export function run(host) { host.spend(-1); }`);
    const result = await inline.run({ bundle: agent, context: bytes(""), budget: PLENTY });
    expect(result.outcome).toBe("Failed");
    expect(result.error?.name).toBe("TypeError");
  });

  it("should report the VM's peak linear memory", async () => {
    const agent = bundle(
      `export function run(host) { const keep = []; for (let i = 0; i < 20; i++) keep.push(new ArrayBuffer(1 << 20)); host.writeOutput(String(keep.length)); }`,
    );
    const small = await inline.run({ bundle: echo, context: bytes(`{"n":1}`), budget: PLENTY });
    const large = await inline.run({ bundle: agent, context: bytes(""), budget: PLENTY });
    expect(small.usage.memoryPeakBytes).toBe(16 * 1024 * 1024);
    expect(large.usage.memoryPeakBytes).toBeGreaterThan(small.usage.memoryPeakBytes + 8 * 1024 * 1024);
  });
});

describe("# declarePolicy", () => {
  const policy = keccak256(bytes("a dietary policy"));

  it("should report the policy a completed agent declared, lower-cased, for the receipt", async () => {
    const agent = bundle(
      `export function run(host) { host.declarePolicy("${policy.toUpperCase().replace("0X", "0x")}"); }`,
    );
    const result = await inline.run({ bundle: agent, context: bytes(""), budget: PLENTY });
    expect(result.outcome).toBe("Completed");
    expect(result.policyHash).toBe(policy);
    expect(result.usage.capabilityCalls).toBe(1);
  });

  it("should report no policy for an agent that declared none, or that failed after declaring", async () => {
    const silent = await inline.run({ bundle: echo, context: bytes(`{"n":1}`), budget: PLENTY });
    expect(silent.policyHash).toBeUndefined();
    const failing = bundle(`export function run(host) { host.declarePolicy("${policy}"); throw new Error("no"); }`);
    const failed = await inline.run({ bundle: failing, context: bytes(""), budget: PLENTY });
    expect(failed.outcome).toBe("Failed");
    expect(failed.policyHash).toBeUndefined();
  });

  it("should refuse a malformed hash and a second declaration", async () => {
    for (const source of [
      `host.declarePolicy("0x1234")`,
      `host.declarePolicy({ toString() { return "${policy}"; } })`,
      `host.declarePolicy("${policy}"); host.declarePolicy("${policy}")`,
    ]) {
      const result = await inline.run({
        bundle: bundle(`export function run(host) { ${source}; }`),
        context: bytes(""),
        budget: PLENTY,
      });
      expect(result.outcome, source).toBe("Failed");
      expect(result.error?.name, source).toBe("TypeError");
    }
  });
});

describe("# log", () => {
  it("should keep log entries cut, masked and capped in number", async () => {
    const agent = bundle(`export function run(host) {
      host.log("mail bob@example.com, card 4111 1111 1111 1111, ok");
      host.log("word ".repeat(2000));
      for (let i = 0; i < 10; i++) host.log("line " + i);
    }`);
    const result = await inline.run({
      bundle: agent,
      context: bytes(""),
      budget: PLENTY,
      limits: { maxLogEntries: 4, maxLogEntryChars: 32 },
    });
    expect(result.logs[0]).toBe("mail [email], card [number], ok");
    expect(result.logs[1]).toHaveLength(32);
    expect(result.logs).toHaveLength(5);
    expect(result.logs[4]).toBe("[8 more log entries dropped]");
  });
});

describe("# parameters", () => {
  it("should reject parameters that can never be valid with a non-retryable error", async () => {
    const cases = [
      { bundle: new Uint8Array(0), context: bytes(""), budget: 1 },
      { bundle: echo, context: bytes(""), budget: -1 },
      { bundle: echo, context: bytes(""), budget: 1, limits: { memoryLimitBytes: 1024 } },
      { bundle: echo, context: bytes(""), budget: 1, input: { big: 10n } as never },
      { bundle: new Uint8Array([0xff, 0xfe]), context: bytes(""), budget: 1 },
      {
        bundle: echo,
        context: new Uint8Array(5 * 1024 * 1024),
        budget: 1,
        limits: { memoryLimitBytes: 32 * 1024 * 1024 },
      },
      { bundle: echo, context: bytes(""), budget: 1, extra: true } as never,
    ];
    for (const parameters of cases) {
      const error = await inline.run(parameters).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SandboxParameterError);
      expect((error as SandboxParameterError).retryable).toBe(false);
    }
  });
});
