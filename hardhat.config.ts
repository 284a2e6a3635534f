import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";

// Hardhat would download solc from the internet; these machines only reach the npm registry.
// The `solc` npm package ships the same compiler as WebAssembly, so we point Hardhat at it and
// read the version from the package itself so the two can never drift.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;
const solcPath = require.resolve("solc/soljson.js");

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
  plugins: [hardhatToolboxViem],
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
      // the same on every run; change it on purpose to explore new inputs. Invariant campaigns
      // are kept small enough for the whole `hardhat test` to stay fast on two cores.
      fuzz: { runs: 256, seed: "0x4c656173656830" },
      invariant: { runs: 64, depth: 64 },
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
