/**
 * A busy history for the indexer to replay: every StakeManager and AgentRegistry event, sent by
 * several development accounts through the real contracts, including the awkward cases (a slash
 * that eats into unbonding stake and empties it, a slash of an address that never staked, a
 * revoked role, a withdrawal after the unbonding delay).
 */
import {
  agentRegistryAbi,
  devAccount,
  devAccountRoles,
  devStakeTokenAbi,
  stakeManagerAbi,
  type Deployment,
} from "@leasehold/sdk";
import { createTestClient, getContract, http, keccak256, parseEther, stringToHex, type Address, type Hex } from "viem";
import { localClients } from "../../../scripts/lib/local-deploy.ts";

export const accounts = {
  admin: devAccountRoles.deployer,
  operatorA: devAccountRoles.demoOperators[0],
  operatorB: devAccountRoles.demoOperators[1],
  operatorC: devAccountRoles.demoOperators[2],
  slasher: 5,
  locker: 6,
  /** Slashed without ever staking. */
  bystander: 7,
  /** Receives slashed and withdrawn stake. */
  treasury: 8,
} as const;

export const address = (index: number): Address => devAccount(index).address;
/** Agent identity keys: fixed addresses nobody sends from. */
export const identity = (n: number): Address => devAccount(100 + n).address;
export const codeHash = (label: string): Hex => keccak256(stringToHex(label));

export interface Chain {
  rpcUrl: string;
  deployment: Deployment;
}

/** The Leasehold contracts, as a development account sees them. */
export function contractsAs(chain: Chain, accountIndex: number) {
  const client = localClients(chain.rpcUrl, accountIndex).walletClient;
  const { DevStakeToken, StakeManager, AgentRegistry } = chain.deployment.contracts;
  return {
    token: getContract({ address: DevStakeToken!.address, abi: devStakeTokenAbi, client }),
    stakeManager: getContract({ address: StakeManager.address, abi: stakeManagerAbi, client }),
    registry: getContract({ address: AgentRegistry.address, abi: agentRegistryAbi, client }),
  };
}

/** Wait for a transaction and fail loudly unless it succeeded. */
export async function confirm(chain: Chain, hash: Promise<Hex>): Promise<void> {
  const receipt = await localClients(chain.rpcUrl).publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error(`Transaction ${receipt.transactionHash} reverted`);
}

export async function runScenario(chain: Chain): Promise<void> {
  const done = (hash: Promise<Hex>) => confirm(chain, hash);
  const admin = contractsAs(chain, accounts.admin).stakeManager;
  const slasher = contractsAs(chain, accounts.slasher).stakeManager;
  const locker = contractsAs(chain, accounts.locker).stakeManager;
  const a = contractsAs(chain, accounts.operatorA);
  const b = contractsAs(chain, accounts.operatorB);
  const c = contractsAs(chain, accounts.operatorC);
  const [slasherRole, lockerRole] = await Promise.all([admin.read.SLASHER_ROLE(), admin.read.LOCKER_ROLE()]);
  const treasury = address(accounts.treasury);
  const fund = async ({ token, stakeManager }: ReturnType<typeof contractsAs>, amount: bigint) => {
    await done(token.write.faucet());
    await done(token.write.approve([stakeManager.address, amount]));
    await done(stakeManager.write.deposit([amount]));
  };

  // The admin hands out the roles and changes both parameters.
  await done(admin.write.grantRole([slasherRole, address(accounts.slasher)]));
  await done(admin.write.grantRole([lockerRole, address(accounts.locker)]));
  await done(admin.write.setMinimumStake([parseEther("50")]));
  await done(admin.write.setUnbondingDelay([60n]));

  await fund(a, parseEther("600"));
  await fund(b, parseEther("300"));
  await fund(c, parseEther("200"));

  // A: two agents, reworked; a withdrawal requested, cancelled, requested again.
  await done(a.registry.write.register([identity(1), codeHash("planner v1"), "ipfs://planner"]));
  await done(a.registry.write.register([identity(2), codeHash("redactor v1"), "ipfs://redactor"]));
  await done(a.registry.write.rotateIdentity([1n, identity(3)]));
  await done(a.registry.write.updateCode([2n, codeHash("redactor v2")]));
  await done(a.registry.write.updateMetadata([2n, "ipfs://redactor-v2"]));
  await done(a.stakeManager.write.requestWithdrawal([parseEther("100")]));
  await done(a.stakeManager.write.cancelWithdrawal());
  await done(a.stakeManager.write.requestWithdrawal([parseEther("50")]));

  // B: an agent retired; most stake unbonding, then slashed twice.
  await done(b.registry.write.register([identity(4), codeHash("auditor v1"), ""]));
  await done(b.registry.write.retire([3n]));
  await done(b.stakeManager.write.requestWithdrawal([parseEther("250")]));

  // C: all its stake unbonding, withdrawn once the delay has passed (below).
  await done(c.registry.write.register([identity(5), codeHash("keeper v1"), "ipfs://keeper"]));
  await done(c.stakeManager.write.requestWithdrawal([parseEther("200")]));

  // Collateral locked and partly released, then the locker loses its role.
  await done(locker.write.lock([address(accounts.operatorA), parseEther("200")]));
  await done(locker.write.release([address(accounts.operatorA), parseEther("50")]));
  await done(admin.write.revokeRole([lockerRole, address(accounts.locker)]));

  // 50 from B's free stake and 70 from its unbonding stake, whose clock keeps running ...
  await done(slasher.write.slash([address(accounts.operatorB), parseEther("120"), treasury, codeHash("dispute 1")]));
  // ... then the remaining 180 of 500 requested: unbonding is empty and its clock cleared.
  await done(slasher.write.slash([address(accounts.operatorB), parseEther("500"), treasury, codeHash("dispute 2")]));
  // Nothing to take from an address that never staked; the event happens all the same.
  await done(slasher.write.slash([address(accounts.bystander), 1n, treasury, codeHash("dispute 3")]));

  const testClient = createTestClient({ mode: "anvil", transport: http(chain.rpcUrl) });
  await testClient.increaseTime({ seconds: 61 });
  await testClient.mine({ blocks: 1 });
  await done(c.stakeManager.write.withdraw([treasury]));
}
