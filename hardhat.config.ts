import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";
import parallelBuild from "./scripts/hardhat/parallel-build.ts";

// Hardhat would download solc from the internet; these machines only reach the npm registry.
// The `solc` npm package ships the same compiler as WebAssembly, so we point Hardhat at it and
// read the version from the package itself so the two can never drift.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;
const solcPath = require.resolve("solc/soljson.js");

/**
 * Fuzz and invariant effort. `npm test` runs the CI profile, small enough for the whole suite to
 * stay within minutes on two cores; `npm test -- contracts --deep` sets LEASEHOLD_TEST_PROFILE=deep
 * for a nightly-style run at Uniswap v4-core's CI figures (100,000 fuzz runs; invariants at
 * Foundry's defaults of 256 runs × depth 500), which takes hours here. Each figure can be set on
 * its own (LEASEHOLD_FUZZ_RUNS, LEASEHOLD_INVARIANT_RUNS, LEASEHOLD_INVARIANT_DEPTH).
 */
const deep = process.env.LEASEHOLD_TEST_PROFILE === "deep";
function effort(variable: string, ci: number, deepValue: number): number {
  const value = process.env[variable];
  if (value === undefined || value === "") return deep ? deepValue : ci;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${variable} must be a positive integer`);
  return parsed;
}

const compiler = {
  version: solcVersion,
  path: solcPath,
  // One compilation job per root file: solc as WebAssembly runs out of memory when Hardhat merges
  // every contract and test into one job, and isolated jobs also build deployable contracts
  // reproducibly (no unrelated sources in their build info).
  isolated: true,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
  },
};

export default defineConfig({
  plugins: [hardhatToolboxViem, parallelBuild],
  solidity: {
    // OpenZeppelin's TimelockController is deployed as it is, so Hardhat must build its artifact;
    // IGovernor's ABI is the standard interface the governance tests drive the governor through.
    // poseidon-solidity's Poseidon libraries are linked into the anonymous stake group, so they
    // are deployed as they are and need their artifacts too.
    npmFilesToBuild: [
      "@openzeppelin/contracts/governance/TimelockController.sol",
      "@openzeppelin/contracts/governance/IGovernor.sol",
      "poseidon-solidity/PoseidonT2.sol",
      "poseidon-solidity/PoseidonT3.sol",
    ],
    profiles: {
      default: compiler,
      production: compiler,
      // `npm start`'s: the deployable contracts in one solc job, each shared dependency compiled
      // once (about a third of the isolated jobs' CPU time; the WebAssembly compiler fits them
      // when the tests are left out). The local chain needs no reproducible build info.
      devnet: { ...compiler, isolated: false },
    },
  },
  paths: {
    sources: "contracts/src",
    tests: {
      solidity: "contracts/test",
      nodejs: "contracts/test",
    },
    artifacts: "contracts/artifacts",
    cache: "contracts/cache",
  },
  test: {
    solidity: {
      // A fixed seed (hex) makes fuzz inputs, and with them the fuzz lines of .gas-snapshot,
      // the same on every run; change it on purpose to explore new inputs. See `effort` above
      // for the run counts.
      fuzz: { runs: effort("LEASEHOLD_FUZZ_RUNS", 256, 100_000), seed: "0x4c656173656830" },
      invariant: {
        runs: effort("LEASEHOLD_INVARIANT_RUNS", 64, 256),
        depth: effort("LEASEHOLD_INVARIANT_DEPTH", 64, 500),
      },
    },
  },
  networks: {
    // A real EVM chain reached over RPC; URL and deployer key come from the environment.
    remote: {
      type: "http",
      chainType: "l1",
      url: configVariable("LEASEHOLD_RPC_URL"),
      accounts: [configVariable("LEASEHOLD_DEPLOYER_KEY")],
    },
  },
});
