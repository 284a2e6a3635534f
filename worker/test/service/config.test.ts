import path from "node:path";
import { keccak256, stringToHex } from "viem";
import { describe, expect, it } from "vitest";
import { parseWorkerConfig, scopeHash, WorkerConfigError } from "../../src/service/index.ts";

const key = (byte: string) => `0x${byte.repeat(32)}`;
const env = { LEASEHOLD_WORKER_TX_KEY: key("11"), LEASEHOLD_AGENT_12_KEY: key("22") };
const base = {
  rpcUrl: "http://127.0.0.1:8545",
  chainId: 31337,
  deploymentFile: "deployments/31337.json",
  dataDir: "data",
  transactionKeyEnv: "LEASEHOLD_WORKER_TX_KEY",
  agents: [
    {
      agentId: "12",
      bundle: "redaction",
      identityKeyEnv: "LEASEHOLD_AGENT_12_KEY",
      scopes: ["leasehold/scope/redact-customer-records", `0x${"AB".repeat(32)}`],
    },
  ],
};

function errorOf(value: unknown, environment: Record<string, string | undefined> = env): WorkerConfigError {
  try {
    parseWorkerConfig(value, environment, "/etc/leasehold");
  } catch (error) {
    expect(error).toBeInstanceOf(WorkerConfigError);
    return error as WorkerConfigError;
  }
  throw new Error("expected a WorkerConfigError");
}

describe("# parseWorkerConfig", () => {
  it("should resolve paths against the config's folder, read keys from the environment and hash scope names", () => {
    const config = parseWorkerConfig(base, env, "/etc/leasehold");
    expect(config.deploymentFile).toBe(path.resolve("/etc/leasehold", "deployments/31337.json"));
    expect(config.dataDir).toBe("/etc/leasehold/data");
    expect(config.transactionKey).toBe(key("11"));
    expect(config.agents).toEqual([
      {
        agentId: 12n,
        bundle: "redaction",
        identityKey: key("22"),
        scopes: [keccak256(stringToHex("leasehold/scope/redact-customer-records")), `0x${"ab".repeat(32)}`],
        paymentFloor: 0n,
      },
    ]);
    expect(config.gateway).toEqual({ host: "127.0.0.1", port: 8787 });
    expect(config.batch).toEqual({ maxReceipts: 64, maxWaitMs: 1_000 });
  });

  it("should name the missing or malformed key variable, never its value", () => {
    expect(errorOf(base, { LEASEHOLD_WORKER_TX_KEY: key("11") }).message).toMatch(/LEASEHOLD_AGENT_12_KEY/);
    const malformed = errorOf(base, { ...env, LEASEHOLD_WORKER_TX_KEY: "0xsecret-but-wrong" });
    expect(malformed.message).toMatch(/LEASEHOLD_WORKER_TX_KEY/);
    expect(malformed.message).not.toMatch(/secret-but-wrong/);
  });

  it("should refuse unknown fields, bad values and an agent listed twice, naming the field", () => {
    expect(errorOf({ ...base, privateKey: key("33") }).message).toMatch(/Worker config/);
    expect(errorOf({ ...base, rpcUrl: "ftp://node" }).message).toMatch(/rpcUrl/);
    expect(errorOf({ ...base, concurrency: 0 }).message).toMatch(/concurrency/);
    expect(errorOf({ ...base, agents: [] }).message).toMatch(/agents/);
    expect(errorOf({ ...base, agents: [base.agents[0], base.agents[0]] }).message).toMatch(/listed twice/);
    expect(errorOf({ ...base, transactionKeyEnv: "lower-case" }).message).toMatch(/transactionKeyEnv/);
  });
});

describe("# scopeHash", () => {
  it("should take a 32-byte hash as is (lower-cased) and hash anything else as a name", () => {
    expect(scopeHash(`0x${"CD".repeat(32)}`)).toBe(`0x${"cd".repeat(32)}`);
    expect(scopeHash("0x1234")).toBe(keccak256(stringToHex("0x1234")));
  });
});
