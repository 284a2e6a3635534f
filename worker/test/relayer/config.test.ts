import { describe, expect, it } from "vitest";
import { readRelayerConfig, RelayerConfigError } from "../../src/relayer/config.ts";

const KEY = `0x${"11".repeat(32)}`;
const env = {
  LEASEHOLD_RELAYER_RPC_URL: "http://127.0.0.1:8545",
  LEASEHOLD_RELAYER_CHAIN_ID: "31337",
  LEASEHOLD_RELAYER_DEPLOYMENT_FILE: "deployments/31337.json",
  LEASEHOLD_RELAYER_DATA_DIR: ".devnet/relayer",
  LEASEHOLD_RELAYER_KEY: KEY,
};

describe("# readRelayerConfig", () => {
  it("should read the environment with its defaults, paths resolved against the working folder", () => {
    const config = readRelayerConfig([], env, "/srv");
    expect(config).toMatchObject({
      rpcUrl: "http://127.0.0.1:8545",
      chainId: 31337,
      deploymentFile: "/srv/deployments/31337.json",
      dataDir: "/srv/.devnet/relayer",
      privateKey: KEY,
      host: "127.0.0.1",
      port: 8790,
      allowedOrigins: [],
      acceptUnpaid: false,
      minWithdrawalFee: 0n,
    });
  });

  it("should let a flag win over the environment", () => {
    const config = readRelayerConfig(
      [
        "--port",
        "9000",
        "--allowed-origins",
        "http://127.0.0.1:3000/, http://localhost:3000",
        "--accept-unpaid",
        "true",
      ],
      { ...env, LEASEHOLD_RELAYER_PORT: "8000" },
      "/srv",
    );
    expect(config.port).toBe(9000);
    expect(config.allowedOrigins).toEqual(["http://127.0.0.1:3000", "http://localhost:3000"]);
    expect(config.acceptUnpaid).toBe(true);
  });

  it("should name the setting that is wrong", () => {
    expect(() => readRelayerConfig(["--port", "70000"], env)).toThrow(/--port \/ LEASEHOLD_RELAYER_PORT/);
    expect(() => readRelayerConfig([], { ...env, LEASEHOLD_RELAYER_MIN_WITHDRAWAL_FEE: "-1" })).toThrow(
      /LEASEHOLD_RELAYER_MIN_WITHDRAWAL_FEE/,
    );
  });

  it("should refuse a missing key, and take none from a flag", () => {
    const { LEASEHOLD_RELAYER_KEY: _key, ...withoutKey } = env;
    expect(() => readRelayerConfig([], withoutKey)).toThrow(RelayerConfigError);
    expect(() => readRelayerConfig(["--key", KEY], withoutKey)).toThrow(RelayerConfigError);
  });
});
