import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress, keccak256, parseEther, recoverAddress, toHex, zeroAddress, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hashIdentityProof, identityProofDomain, signIdentityProof } from "../../sdk/src/receipts/index.ts";
import { loadDeployment, MINIMUM_STAKE, networkHelpers, UNBONDING_DELAY, viem } from "../fixtures/deploy-fixture.ts";
import { identityProofArgs, NEW_AGENT } from "./helpers/identity-proof.ts";

const CODE = keccak256(toHex("agent-bundle-v1"));
const NEW_CODE = keccak256(toHex("agent-bundle-v2"));
const URI = "ipfs://bafy-agent-metadata";
const MAX_URI = 512;
const IDENTITY_KEY = privateKeyToAccount(keccak256(toHex("identity-1")));
const NEXT_IDENTITY_KEY = privateKeyToAccount(keccak256(toHex("identity-2")));
const IDENTITY = IDENTITY_KEY.address;
/** Proof arguments for calls that fail before the proof is read. */
const NO_PROOF = [0n, "0x"] as const;
const NEXT_IDENTITY = NEXT_IDENTITY_KEY.address;

async function setup() {
  const deployment = await loadDeployment();
  const { token, stakeManager, agentRegistry, admin, accounts } = deployment;
  const [operator, other, slasher] = accounts;
  await stakeManager.write.grantRole([await stakeManager.read.SLASHER_ROLE(), slasher!.account.address], {
    account: admin.account,
  });

  /** Draw from the faucet if needed, approve and deposit `amount` as `who`. */
  async function deposit(who: (typeof accounts)[number], amount: bigint) {
    if ((await token.read.balanceOf([who.account.address])) < amount)
      await token.write.faucet({ account: who.account });
    await token.write.approve([stakeManager.address, amount], { account: who.account });
    await stakeManager.write.deposit([amount], { account: who.account });
  }

  /** `identity`'s proof for `who` and `agentId` (a registration by default): deadline and signature. */
  const proof = (who: (typeof accounts)[number], identity = IDENTITY_KEY, agentId = NEW_AGENT) =>
    identityProofArgs(agentRegistry, identity, who.account.address, agentId);

  /** Stake the minimum as `operator` and register an agent with IDENTITY; returns its id. */
  async function registerAgent() {
    await deposit(operator!, MINIMUM_STAKE);
    const args = [IDENTITY, CODE, URI, ...(await proof(operator!))] as const;
    const { result } = await agentRegistry.simulate.register(args, { account: operator!.account.address });
    await agentRegistry.write.register(args, { account: operator!.account });
    return result;
  }

  return {
    ...deployment,
    operator: operator!,
    other: other!,
    slasher: slasher!,
    deposit,
    proof,
    registerAgent,
  };
}

describe("AgentRegistry", () => {
  describe("# register", () => {
    it("should record the agent and emit AgentRegistered", async () => {
      const { agentRegistry, stakeManager, operator, deposit, proof } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await viem.assertions.emitWithArgs(
        agentRegistry.write.register([IDENTITY, CODE, URI, ...(await proof(operator))], { account: operator.account }),
        agentRegistry,
        "AgentRegistered",
        [1n, getAddress(operator.account.address), IDENTITY, CODE, URI],
      );
      const agent = await agentRegistry.read.getAgent([1n]);
      assert.deepEqual(agent, {
        operator: getAddress(operator.account.address),
        identity: IDENTITY,
        status: 1,
        codeHash: CODE,
        metadataURI: URI,
      });
      assert.equal(await agentRegistry.read.agentCount(), 1n);
      assert.equal(await agentRegistry.read.agentOfIdentity([IDENTITY]), 1n);
      assert.equal(await agentRegistry.read.nonces([IDENTITY]), 1n);
      assert.equal(await agentRegistry.read.isActive([1n]), true);
      assert.equal(getAddress(await agentRegistry.read.stakeManager()), getAddress(stakeManager.address));
    });

    it("should revert with AgentRegistryZeroIdentity for the zero address", async () => {
      const { agentRegistry, operator, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomError(
        agentRegistry.write.register([zeroAddress, CODE, URI, ...NO_PROOF], { account: operator.account }),
        agentRegistry,
        "AgentRegistryZeroIdentity",
      );
    });

    it("should revert with AgentRegistryIdentityTaken for an identity already used", async () => {
      const { agentRegistry, other, deposit, proof, registerAgent } = await setup();
      const agentId = await registerAgent();
      await deposit(other, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.register([IDENTITY, CODE, URI, ...(await proof(other))], { account: other.account }),
        agentRegistry,
        "AgentRegistryIdentityTaken",
        [IDENTITY, agentId],
      );
    });

    it("should revert with AgentRegistryZeroCodeHash without a code hash", async () => {
      const { agentRegistry, operator, deposit, proof } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomError(
        agentRegistry.write.register([IDENTITY, zeroHash, URI, ...(await proof(operator))], {
          account: operator.account,
        }),
        agentRegistry,
        "AgentRegistryZeroCodeHash",
      );
    });

    it("should revert with AgentRegistryMetadataTooLong above the limit", async () => {
      const { agentRegistry, operator, deposit, proof } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      assert.equal(await agentRegistry.read.MAX_METADATA_URI_LENGTH(), BigInt(MAX_URI));
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.register([IDENTITY, CODE, "a".repeat(MAX_URI + 1), ...(await proof(operator))], {
          account: operator.account,
        }),
        agentRegistry,
        "AgentRegistryMetadataTooLong",
        [BigInt(MAX_URI + 1), BigInt(MAX_URI)],
      );
    });

    it("should revert with AgentRegistryInsufficientStake below the minimum stake", async () => {
      const { agentRegistry, operator, deposit, proof } = await setup();
      await deposit(operator, MINIMUM_STAKE - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.register([IDENTITY, CODE, URI, ...(await proof(operator))], { account: operator.account }),
        agentRegistry,
        "AgentRegistryInsufficientStake",
        [getAddress(operator.account.address), MINIMUM_STAKE - 1n, MINIMUM_STAKE],
      );
    });

    it("should revert with AgentRegistryInvalidIdentityProof for a proof copied by another operator", async () => {
      const { agentRegistry, operator, other, deposit, proof } = await setup();
      await deposit(other, MINIMUM_STAKE);
      const [deadline, signature] = await proof(operator);
      // What the copied signature recovers to once the registry puts the copier in the digest.
      const signer = await recoverAddress({
        hash: await agentRegistry.read.identityProofDigest([IDENTITY, other.account.address, 0n, 0n, deadline]),
        signature,
      });
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.register([IDENTITY, CODE, URI, deadline, signature], { account: other.account }),
        agentRegistry,
        "AgentRegistryInvalidIdentityProof",
        [IDENTITY, signer],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.register([IDENTITY, CODE, URI, deadline, "0x"], { account: other.account }),
        agentRegistry,
        "AgentRegistryInvalidIdentityProof",
        [IDENTITY, zeroAddress],
      );
    });

    it("should revert with AgentRegistryIdentityProofExpired after the proof's deadline", async () => {
      const { agentRegistry, operator, deposit, proof } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      const [deadline, signature] = await proof(operator);
      await networkHelpers.time.increaseTo(deadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.register([IDENTITY, CODE, URI, deadline, signature], { account: operator.account }),
        agentRegistry,
        "AgentRegistryIdentityProofExpired",
        [IDENTITY, deadline],
      );
    });
  });

  describe("# identityProofDigest", () => {
    it("should equal the sdk's digest, and the registry accept a proof the sdk signed", async () => {
      const { agentRegistry, operator, deposit, deployment } = await setup();
      const { chainId } = deployment;
      const proof = { identity: IDENTITY, operator: getAddress(operator.account.address), agentId: 3n, nonce: 5n };
      const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
      assert.equal(
        await agentRegistry.read.identityProofDigest([IDENTITY, proof.operator, 3n, 5n, deadline]),
        hashIdentityProof({
          proof: { ...proof, deadline },
          domain: identityProofDomain({ chainId, agentRegistry: agentRegistry.address }),
        }),
      );

      await deposit(operator, MINIMUM_STAKE);
      const signed = await signIdentityProof({
        account: IDENTITY_KEY,
        chainId,
        agentRegistry: agentRegistry.address,
        operator: operator.account.address,
        deadline,
      });
      await agentRegistry.write.register([IDENTITY, CODE, URI, signed.deadline, signed.signature], {
        account: operator.account,
      });
      assert.equal(await agentRegistry.read.agentOfIdentity([IDENTITY]), 1n);
    });
  });

  describe("# rotateIdentity", () => {
    it("should replace the identity and keep the old one attributed to the agent", async () => {
      const { agentRegistry, operator, proof, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.emitWithArgs(
        agentRegistry.write.rotateIdentity(
          [agentId, NEXT_IDENTITY, ...(await proof(operator, NEXT_IDENTITY_KEY, agentId))],
          { account: operator.account },
        ),
        agentRegistry,
        "AgentIdentityRotated",
        [agentId, IDENTITY, NEXT_IDENTITY],
      );
      assert.equal((await agentRegistry.read.getAgent([agentId])).identity, NEXT_IDENTITY);
      assert.equal(await agentRegistry.read.agentOfIdentity([IDENTITY]), agentId);
      assert.equal(await agentRegistry.read.agentOfIdentity([NEXT_IDENTITY]), agentId);
    });

    it("should revert with AgentRegistryIdentityTaken when rotating back to a retired key", async () => {
      const { agentRegistry, operator, proof, registerAgent } = await setup();
      const agentId = await registerAgent();
      await agentRegistry.write.rotateIdentity(
        [agentId, NEXT_IDENTITY, ...(await proof(operator, NEXT_IDENTITY_KEY, agentId))],
        { account: operator.account },
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.rotateIdentity([agentId, IDENTITY, ...(await proof(operator, IDENTITY_KEY, agentId))], {
          account: operator.account,
        }),
        agentRegistry,
        "AgentRegistryIdentityTaken",
        [IDENTITY, agentId],
      );
    });

    it("should revert with AgentRegistryZeroIdentity for the zero address", async () => {
      const { agentRegistry, operator, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.revertWithCustomError(
        agentRegistry.write.rotateIdentity([agentId, zeroAddress, ...NO_PROOF], { account: operator.account }),
        agentRegistry,
        "AgentRegistryZeroIdentity",
      );
    });

    it("should revert with AgentRegistryUnknownAgent for an unknown id", async () => {
      const { agentRegistry, operator, proof } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.rotateIdentity([9n, NEXT_IDENTITY, ...(await proof(operator, NEXT_IDENTITY_KEY, 9n))], {
          account: operator.account,
        }),
        agentRegistry,
        "AgentRegistryUnknownAgent",
        [9n],
      );
    });

    it("should revert with AgentRegistryNotOperator for another caller", async () => {
      const { agentRegistry, other, proof, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.rotateIdentity(
          [agentId, NEXT_IDENTITY, ...(await proof(other, NEXT_IDENTITY_KEY, agentId))],
          { account: other.account },
        ),
        agentRegistry,
        "AgentRegistryNotOperator",
        [agentId, getAddress(other.account.address)],
      );
    });

    it("should revert with AgentRegistryAgentRetired for a retired agent", async () => {
      const { agentRegistry, operator, proof, registerAgent } = await setup();
      const agentId = await registerAgent();
      await agentRegistry.write.retire([agentId], { account: operator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.rotateIdentity(
          [agentId, NEXT_IDENTITY, ...(await proof(operator, NEXT_IDENTITY_KEY, agentId))],
          { account: operator.account },
        ),
        agentRegistry,
        "AgentRegistryAgentRetired",
        [agentId],
      );
    });

    it("should revert with AgentRegistryInvalidIdentityProof for a registration proof", async () => {
      const { agentRegistry, operator, proof, registerAgent } = await setup();
      const agentId = await registerAgent();
      const [deadline, signature] = await proof(operator, NEXT_IDENTITY_KEY, NEW_AGENT);
      const signer = await recoverAddress({
        hash: await agentRegistry.read.identityProofDigest([
          NEXT_IDENTITY,
          operator.account.address,
          agentId,
          0n,
          deadline,
        ]),
        signature,
      });
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.rotateIdentity([agentId, NEXT_IDENTITY, deadline, signature], {
          account: operator.account,
        }),
        agentRegistry,
        "AgentRegistryInvalidIdentityProof",
        [NEXT_IDENTITY, signer],
      );
    });
  });

  describe("# updateCode", () => {
    it("should record the new code hash and emit old and new", async () => {
      const { agentRegistry, operator, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.emitWithArgs(
        agentRegistry.write.updateCode([agentId, NEW_CODE], { account: operator.account }),
        agentRegistry,
        "AgentCodeUpdated",
        [agentId, CODE, NEW_CODE],
      );
      assert.equal((await agentRegistry.read.getAgent([agentId])).codeHash, NEW_CODE);
    });

    it("should revert with AgentRegistryZeroCodeHash without a code hash", async () => {
      const { agentRegistry, operator, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.revertWithCustomError(
        agentRegistry.write.updateCode([agentId, zeroHash], { account: operator.account }),
        agentRegistry,
        "AgentRegistryZeroCodeHash",
      );
    });

    it("should revert with AgentRegistryNotOperator for another caller", async () => {
      const { agentRegistry, other, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.updateCode([agentId, NEW_CODE], { account: other.account }),
        agentRegistry,
        "AgentRegistryNotOperator",
        [agentId, getAddress(other.account.address)],
      );
    });
  });

  describe("# updateMetadata", () => {
    it("should replace the metadata URI", async () => {
      const { agentRegistry, operator, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.emitWithArgs(
        agentRegistry.write.updateMetadata([agentId, "ipfs://next"], { account: operator.account }),
        agentRegistry,
        "AgentMetadataUpdated",
        [agentId, "ipfs://next"],
      );
      assert.equal((await agentRegistry.read.getAgent([agentId])).metadataURI, "ipfs://next");
    });

    it("should revert with AgentRegistryMetadataTooLong above the limit", async () => {
      const { agentRegistry, operator, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.updateMetadata([agentId, "a".repeat(MAX_URI + 1)], { account: operator.account }),
        agentRegistry,
        "AgentRegistryMetadataTooLong",
        [BigInt(MAX_URI + 1), BigInt(MAX_URI)],
      );
    });

    it("should revert with AgentRegistryNotOperator for another caller", async () => {
      const { agentRegistry, other, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.updateMetadata([agentId, "ipfs://next"], { account: other.account }),
        agentRegistry,
        "AgentRegistryNotOperator",
        [agentId, getAddress(other.account.address)],
      );
    });
  });

  describe("# retire", () => {
    it("should retire the agent for good", async () => {
      const { agentRegistry, operator, deposit, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.emitWithArgs(
        agentRegistry.write.retire([agentId], { account: operator.account }),
        agentRegistry,
        "AgentRetired",
        [agentId, getAddress(operator.account.address)],
      );
      assert.equal((await agentRegistry.read.getAgent([agentId])).status, 2);
      await deposit(operator, MINIMUM_STAKE);
      assert.equal(await agentRegistry.read.isActive([agentId]), false);
    });

    it("should keep a retired agent's identity from ever being registered again", async () => {
      const { agentRegistry, operator, proof, registerAgent } = await setup();
      const agentId = await registerAgent();
      await agentRegistry.write.retire([agentId], { account: operator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.register([IDENTITY, CODE, URI, ...(await proof(operator))], { account: operator.account }),
        agentRegistry,
        "AgentRegistryIdentityTaken",
        [IDENTITY, agentId],
      );
    });

    it("should revert with AgentRegistryAgentRetired when already retired", async () => {
      const { agentRegistry, operator, registerAgent } = await setup();
      const agentId = await registerAgent();
      await agentRegistry.write.retire([agentId], { account: operator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.retire([agentId], { account: operator.account }),
        agentRegistry,
        "AgentRegistryAgentRetired",
        [agentId],
      );
    });

    it("should revert with AgentRegistryNotOperator for another caller", async () => {
      const { agentRegistry, other, registerAgent } = await setup();
      const agentId = await registerAgent();
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.write.retire([agentId], { account: other.account }),
        agentRegistry,
        "AgentRegistryNotOperator",
        [agentId, getAddress(other.account.address)],
      );
    });
  });

  describe("# getAgent", () => {
    it("should revert with AgentRegistryUnknownAgent for an unknown id", async () => {
      const { agentRegistry } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        agentRegistry.read.getAgent([0n]),
        agentRegistry,
        "AgentRegistryUnknownAgent",
        [0n],
      );
    });
  });

  describe("# isActive", () => {
    it("should follow the operator's free stake through withdrawal, deposit and slash", async () => {
      const { agentRegistry, stakeManager, operator, slasher, deposit, registerAgent } = await setup();
      const agentId = await registerAgent();
      assert.equal(await agentRegistry.read.isActive([agentId]), true);

      await stakeManager.write.requestWithdrawal([parseEther("1")], { account: operator.account });
      assert.equal(await agentRegistry.read.isActive([agentId]), false);
      await deposit(operator, parseEther("1"));
      assert.equal(await agentRegistry.read.isActive([agentId]), true);

      await stakeManager.write.slash(
        [operator.account.address, parseEther("1"), slasher.account.address, keccak256(toHex("fault"))],
        { account: slasher.account },
      );
      assert.equal(await agentRegistry.read.isActive([agentId]), false);
      await deposit(operator, parseEther("1"));
      assert.equal(await agentRegistry.read.isActive([agentId]), true);
    });

    it("should stay inactive after the whole stake is withdrawn", async () => {
      const { agentRegistry, stakeManager, operator, registerAgent } = await setup();
      const agentId = await registerAgent();
      await stakeManager.write.requestWithdrawal([MINIMUM_STAKE], { account: operator.account });
      await networkHelpers.time.increase(UNBONDING_DELAY);
      await stakeManager.write.withdraw([operator.account.address], { account: operator.account });
      assert.equal(await agentRegistry.read.isActive([agentId]), false);
      assert.equal((await agentRegistry.read.getAgent([agentId])).status, 1);
    });

    it("should be false for an unknown id", async () => {
      const { agentRegistry } = await setup();
      assert.equal(await agentRegistry.read.isActive([42n]), false);
    });
  });
});
