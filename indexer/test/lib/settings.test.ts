import path from "node:path";
import { InvalidInputError } from "@leasehold/sdk";
import { describe, expect, it } from "vitest";
import { DEFAULT_RPC_URL, indexerRoot, readIndexerSettings } from "../../src/lib/settings.ts";

describe("# readIndexerSettings", () => {
  it("should default to the local chain on PGlite inside the indexer folder", () => {
    expect(readIndexerSettings({})).toEqual({
      chainId: 31337,
      rpcUrl: DEFAULT_RPC_URL,
      deploymentsDir: undefined,
      database: { kind: "pglite", directory: path.join(indexerRoot, ".ponder", "pglite") },
      isLocalChain: true,
    });
  });

  it("should use PostgreSQL when DATABASE_URL is set", () => {
    const settings = readIndexerSettings({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/test" });
    expect(settings.database).toEqual({
      kind: "postgres",
      connectionString: "postgresql://postgres@127.0.0.1:5432/test",
    });
  });

  it("should treat empty variables as unset", () => {
    expect(readIndexerSettings({ DATABASE_URL: "", LEASEHOLD_CHAIN_ID: " " })).toEqual(readIndexerSettings({}));
  });

  it("should read the chain, RPC, deployments folder and PGlite folder", () => {
    const settings = readIndexerSettings({
      LEASEHOLD_CHAIN_ID: "11155111",
      LEASEHOLD_RPC_URL: "https://rpc.example/v1",
      LEASEHOLD_DEPLOYMENTS_DIR: "/tmp/deployments",
      LEASEHOLD_PGLITE_DIR: "/tmp/pglite",
    });
    expect(settings).toEqual({
      chainId: 11155111,
      rpcUrl: "https://rpc.example/v1",
      deploymentsDir: "/tmp/deployments",
      database: { kind: "pglite", directory: "/tmp/pglite" },
      isLocalChain: false,
    });
  });

  it("should reject a chain id that is not a positive integer", () => {
    for (const value of ["0", "-1", "1.5", "mainnet"]) {
      expect(() => readIndexerSettings({ LEASEHOLD_CHAIN_ID: value })).toThrow(InvalidInputError);
    }
  });

  it("should reject an RPC URL that is not a URL", () => {
    expect(() => readIndexerSettings({ LEASEHOLD_RPC_URL: "localhost 8545" })).toThrow(InvalidInputError);
  });
});
