/**
 * What the indexer follows: the Leasehold contracts named in the deployment record of one chain
 * (LEASEHOLD_CHAIN_ID, default the local chain). Addresses, ABIs and start blocks all come from
 * the deploy step's record and the sdk's generated ABIs, so a redeploy needs no edit here.
 */
import {
  agentRegistryAbi,
  anonymousStakeGroupAbi,
  arbitratorRegistryAbi,
  codeRegistryAbi,
  DeploymentNotFoundError,
  disputeCourtAbi,
  endorsementsAbi,
  insurancePoolAbi,
  jobEscrowAbi,
  leaseholdGovernorAbi,
  leaseholdVotesAbi,
  leaseRegistryAbi,
  receiptAnchorAbi,
  stakeManagerAbi,
  timelockControllerAbi,
} from "@leasehold/sdk";
import { readDeployment } from "@leasehold/sdk/deployment-file";
import { createConfig } from "ponder";
import { readIndexerSettings } from "./src/lib/settings.ts";

const settings = readIndexerSettings(process.env);

const deployment = await readDeployment(settings.chainId, settings.deploymentsDir).catch((error: unknown) => {
  if (error instanceof DeploymentNotFoundError) {
    throw new DeploymentNotFoundError(
      `${error.message}. Deploy Leasehold to chain ${settings.chainId} first (\`npm start\` runs a local devnet), ` +
        "or point LEASEHOLD_DEPLOYMENTS_DIR at the folder that holds the record.",
      { cause: error },
    );
  }
  throw error;
});

export default createConfig({
  database: settings.database,
  chains: {
    leasehold: {
      id: settings.chainId,
      rpc: settings.rpcUrl,
      // Every local devnet is a fresh chain under the same id: a cache would serve the last one's logs.
      ...(settings.isLocalChain ? { disableCache: true, pollingInterval: 250 } : {}),
    },
  },
  contracts: {
    StakeManager: {
      chain: "leasehold",
      abi: stakeManagerAbi,
      address: deployment.contracts.StakeManager.address,
      startBlock: deployment.contracts.StakeManager.startBlock,
    },
    AgentRegistry: {
      chain: "leasehold",
      abi: agentRegistryAbi,
      address: deployment.contracts.AgentRegistry.address,
      startBlock: deployment.contracts.AgentRegistry.startBlock,
    },
    LeaseRegistry: {
      chain: "leasehold",
      abi: leaseRegistryAbi,
      address: deployment.contracts.LeaseRegistry.address,
      startBlock: deployment.contracts.LeaseRegistry.startBlock,
    },
    ReceiptAnchor: {
      chain: "leasehold",
      abi: receiptAnchorAbi,
      address: deployment.contracts.ReceiptAnchor.address,
      startBlock: deployment.contracts.ReceiptAnchor.startBlock,
    },
    JobEscrow: {
      chain: "leasehold",
      abi: jobEscrowAbi,
      address: deployment.contracts.JobEscrow.address,
      startBlock: deployment.contracts.JobEscrow.startBlock,
    },
    LeaseholdVotes: {
      chain: "leasehold",
      abi: leaseholdVotesAbi,
      address: deployment.contracts.LeaseholdVotes.address,
      startBlock: deployment.contracts.LeaseholdVotes.startBlock,
    },
    TimelockController: {
      chain: "leasehold",
      abi: timelockControllerAbi,
      address: deployment.contracts.TimelockController.address,
      startBlock: deployment.contracts.TimelockController.startBlock,
    },
    LeaseholdGovernor: {
      chain: "leasehold",
      abi: leaseholdGovernorAbi,
      address: deployment.contracts.LeaseholdGovernor.address,
      startBlock: deployment.contracts.LeaseholdGovernor.startBlock,
    },
    CodeRegistry: {
      chain: "leasehold",
      abi: codeRegistryAbi,
      address: deployment.contracts.CodeRegistry.address,
      startBlock: deployment.contracts.CodeRegistry.startBlock,
    },
    InsurancePool: {
      chain: "leasehold",
      abi: insurancePoolAbi,
      address: deployment.contracts.InsurancePool.address,
      startBlock: deployment.contracts.InsurancePool.startBlock,
    },
    ArbitratorRegistry: {
      chain: "leasehold",
      abi: arbitratorRegistryAbi,
      address: deployment.contracts.ArbitratorRegistry.address,
      startBlock: deployment.contracts.ArbitratorRegistry.startBlock,
    },
    DisputeCourt: {
      chain: "leasehold",
      abi: disputeCourtAbi,
      address: deployment.contracts.DisputeCourt.address,
      startBlock: deployment.contracts.DisputeCourt.startBlock,
    },
    AnonymousStakeGroup: {
      chain: "leasehold",
      abi: anonymousStakeGroupAbi,
      address: deployment.contracts.AnonymousStakeGroup.address,
      startBlock: deployment.contracts.AnonymousStakeGroup.startBlock,
    },
    Endorsements: {
      chain: "leasehold",
      abi: endorsementsAbi,
      address: deployment.contracts.Endorsements.address,
      startBlock: deployment.contracts.Endorsements.startBlock,
    },
  },
});
