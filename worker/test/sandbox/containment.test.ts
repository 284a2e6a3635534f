import { afterAll, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.ts";
import type { RunAgentParameters } from "../../src/types.ts";
import { bundle, bytes, PLENTY, text } from "../fixtures/agents.ts";

// The production isolation: a worker thread per job.
const sandbox = createSandbox({ hardKillGraceMs: 200 });
const inline = createSandbox({ isolation: "inline" });
afterAll(() => Promise.all([sandbox.close(), inline.close()]));

const MEMORY_LIMIT = 32 * 1024 * 1024;
const run = (source: string, overrides: Partial<RunAgentParameters> = {}) =>
  sandbox.run({
    bundle: bundle(source),
    context: bytes("the context"),
    budget: PLENTY,
    ...overrides,
    limits: { memoryLimitBytes: MEMORY_LIMIT, wallTimeMs: 2_000, ...overrides.limits },
  });

describe("# infinite loops", () => {
  it("should stop a busy loop when the budget runs out", async () => {
    const result = await run(`export function run() { for (;;) {} }`, { budget: 2_000_000 });
    expect(result.outcome).toBe("BudgetExhausted");
    expect(result.usage.fuelUsed).toBe(2_000_000);
  });

  it("should not let the agent catch the interrupt and carry on", async () => {
    const result = await run(`export function run() { try { for (;;) {} } catch (e) {} for (;;) {} }`, {
      budget: 2_000_000,
    });
    expect(result.outcome).toBe("BudgetExhausted");
  });

  it("should stop an endless chain of promise jobs", async () => {
    const result = await run(
      `export function run() { const f = () => Promise.resolve().then(f); f(); return new Promise(() => {}); }`,
      {
        limits: { wallTimeMs: 250 },
      },
    );
    expect(result.outcome).not.toBe("Completed");
    expect(["wall-time", "memory", "fuel"]).toContain(result.termination);
  });

  it("should stop catastrophic regex backtracking at the wall-time limit", async () => {
    const result = await run(`export function run() { /(a+)+$/.test("a".repeat(40) + "b"); }`, {
      limits: { wallTimeMs: 200 },
    });
    expect(result.termination).toBe("wall-time");
    expect(result.usage.wallMs).toBeLessThan(2_000);
  });

  it("should kill the thread when a native built-in never yields to the interrupt handler", async () => {
    // Sorting without a comparator runs in C and ticks once per call: the handler cannot stop it.
    const result = await run(
      `export function run() { const a = []; for (let i = 0; i < 200000; i++) a.push(String((i * 7919) % 200000)); for (;;) a.sort(); }`,
      { limits: { wallTimeMs: 200 } },
    );
    expect(result.outcome).toBe("Failed");
    expect(result.termination).toBe("wall-time");
    expect(result.usage.wallMs).toBeLessThan(1_500);
  });
});

describe("# memory bombs", () => {
  const bombs = {
    "array buffers": `const keep = []; for (;;) keep.push(new ArrayBuffer(1 << 20));`,
    strings: `const keep = []; for (;;) keep.push("x".repeat(1 << 20) + keep.length);`,
    arrays: `const keep = []; for (;;) keep.push(new Array(100000).fill(1));`,
    objects: `const keep = []; for (;;) keep.push({ n: keep.length });`,
  };
  for (const [name, body] of Object.entries(bombs)) {
    it(`should stop ${name} at the memory limit`, async () => {
      const result = await run(`export function run() { ${body} }`);
      expect(result.outcome).toBe("Failed");
      expect(result.termination).toBe("memory");
      expect(result.usage.memoryPeakBytes).toBeLessThanOrEqual(MEMORY_LIMIT);
    });
  }

  it("should stop string doubling at QuickJS's string length limit, before memory", async () => {
    const result = await run(`export function run() { let s = "x"; for (;;) s = s + s; }`);
    expect(result.outcome).toBe("Failed");
    expect(result.error?.message).toMatch(/^string too long/);
    expect(result.usage.memoryPeakBytes).toBeLessThanOrEqual(MEMORY_LIMIT);
  });

  it("should keep the limit even when the agent catches the out-of-memory error", async () => {
    const result = await run(`export function run(host) {
      const keep = [];
      try { for (;;) keep.push(new ArrayBuffer(1 << 20)); } catch (error) { host.writeOutput(String(error) + " after " + keep.length); }
    }`);
    expect(result.outcome).toBe("Completed");
    expect(text(result.output)).toMatch(/^InternalError: out of memory after \d+$/);
    expect(result.usage.memoryPeakBytes).toBeLessThanOrEqual(MEMORY_LIMIT);
  });
});

describe("# deep recursion", () => {
  const recursions = {
    "plain calls": `const f = (n) => f(n + 1) + 1; f(0);`,
    "calls through a built-in": `const g = (n) => [1].map(() => g(n + 1)); g(0);`,
    "a recursive toString": `const o = {}; o.toString = () => String(o); String(o);`,
    "a recursive proxy trap": `const p = new Proxy({}, { get: (t, k, r) => r[k] }); p.x;`,
    "deeply nested JSON": `JSON.parse("[".repeat(1000000));`,
  };
  for (const [name, body] of Object.entries(recursions)) {
    it(`should stop ${name} with a stack overflow, in a thread and inline`, async () => {
      const source = `export function run() { ${body} }`;
      for (const result of [
        await run(source),
        await inline.run({ bundle: bundle(source), context: bytes(""), budget: PLENTY }),
      ]) {
        expect(result.outcome).toBe("Failed");
        expect(result.termination).toBe("stack");
        expect(result.error?.message).toMatch(/^stack overflow/);
      }
    });
  }
});

describe("# huge outputs", () => {
  it("should fail a job that writes past the output cap, and return none of it", async () => {
    const result = await run(`export function run(host) { for (;;) host.writeOutput("x".repeat(1 << 16)); }`, {
      limits: { maxOutputBytes: 1 << 20 },
    });
    expect(result.outcome).toBe("Failed");
    expect(result.termination).toBe("output-limit");
    expect(result.output).toHaveLength(0);
    expect(result.usage.capabilityCalls).toBe(17);
  });

  it("should refuse one oversized write without copying it out, even if the agent catches the error", async () => {
    const result = await run(`export function run(host) {
      try { host.writeOutput(new Uint8Array(8 << 20)); } catch (error) {}
      host.writeOutput("small");
    }`);
    expect(result.termination).toBe("output-limit");
    expect(result.output).toHaveLength(0);
  });
});

describe("# ambient authority", () => {
  it("should give the agent no Node, browser or QuickJS host globals", async () => {
    const names = [
      "require",
      "process",
      "module",
      "exports",
      "Buffer",
      "global",
      "fetch",
      "XMLHttpRequest",
      "WebSocket",
      "setTimeout",
      "setInterval",
      "setImmediate",
      "queueMicrotask",
      "console",
      "performance",
      "Date",
      "crypto",
      "WebAssembly",
      "Worker",
      "importScripts",
      "std",
      "os",
      "print",
      "scriptArgs",
      "Deno",
      "Bun",
    ];
    const result = await run(`export function run(host) {
      const seen = {};
      for (const name of ${JSON.stringify(names)}) seen[name] = typeof globalThis[name];
      host.writeOutput(JSON.stringify(seen));
    }`);
    expect(Object.values(JSON.parse(text(result.output)))).toEqual(names.map(() => "undefined"));
  });

  it("should find only the VM's own global behind constructor-chain escapes", async () => {
    const result = await run(`export function run(host) {
      const viaFunction = (function () {}).constructor("return this")();
      const viaAsync = (async function () {}).constructor;
      const viaEval = (0, eval)("this");
      host.writeOutput(JSON.stringify([
        viaFunction === globalThis,
        viaEval === globalThis,
        typeof viaFunction.process,
        typeof host.constructor.constructor("return typeof process")(),
        Object.getOwnPropertyNames(host).sort().join(),
        typeof viaAsync,
      ]));
    }`);
    expect(JSON.parse(text(result.output))).toEqual([
      true,
      true,
      "undefined",
      "string",
      "declarePolicy,input,log,readContext,readContextBytes,spend,writeOutput",
      "function",
    ]);
  });

  it("should refuse every import, static or dynamic", async () => {
    for (const [source, termination] of [
      [`import fs from "fs"; export function run() {}`, "invalid-bundle"],
      [`import { x } from "./sibling.js"; export function run() {}`, "invalid-bundle"],
      [`export async function run() { await import("node:child_process"); }`, "exception"],
    ] as const) {
      const result = await run(source);
      expect(result.outcome).toBe("Failed");
      expect(result.termination).toBe(termination);
      expect(result.error?.message).toMatch(/could not load module/);
    }
  });

  it("should not let the agent reach the native capabilities behind host", async () => {
    const result = await run(`export function run(host) {
      const leaks = [];
      for (const fn of [host.readContext, host.writeOutput, host.spend, host.log]) {
        leaks.push(Object.getOwnPropertyNames(fn).filter((k) => !["length", "name"].includes(k)).length);
        leaks.push(String(fn).includes("native.") ? "source" : "none");
      }
      host.writeOutput(JSON.stringify(leaks));
    }`);
    // The wrappers' source is visible, but `native` is a closure variable: no property reaches it.
    expect(JSON.parse(text(result.output))).toEqual([0, "source", 0, "source", 0, "source", 0, "source"]);
  });
});

describe("# agent failures", () => {
  it("should report an exception as Failed with a masked, cut message and where it was thrown", async () => {
    const result = await run(`export function run(host) {
      throw new TypeError("no good: " + "alice@example.com 4111 1111 1111 1111 " + "y ".repeat(500));
    }`);
    expect(result.outcome).toBe("Failed");
    expect(result.termination).toBe("exception");
    expect(result.error?.name).toBe("TypeError");
    expect(result.error?.message).toMatch(/^no good: \[email\] \[number\] (y )+y?…? at agent\.js:2:\d+$/);
    expect(result.error?.message.length).toBeLessThanOrEqual(200 + " at agent.js:2:26".length);
  });

  it("should name a non-standard error plainly and describe a thrown non-error", async () => {
    const custom = await run(
      `export function run() { class Leak extends Error { get name() { return "secret-name"; } } throw new Leak("x"); }`,
    );
    expect(custom.error?.name).toBe("Error");
    expect(custom.error?.message).toMatch(/^x at agent\.js:1:\d+$/);
    const thrown = await run(`export function run() { throw { secret: "value" }; }`);
    expect(thrown.error).toEqual({ name: "Error", message: "non-error value thrown: object" });
  });

  it("should report a bundle without run(), or that does not compile, as an invalid bundle", async () => {
    for (const source of [`export const x = 1;`, `export function run( {`]) {
      const result = await run(source);
      expect(result.outcome).toBe("Failed");
      expect(result.termination).toBe("invalid-bundle");
    }
  });

  it("should report a promise that can never settle", async () => {
    const result = await run(`export function run() { return new Promise(() => {}); }`);
    expect(result.termination).toBe("unsettled");
  });
});
