import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress, numberToHex, parseEther, parseSignature, zeroAddress, zeroHash, type Hex } from "viem";
import { loadDeployment, networkHelpers, viem } from "../fixtures/deploy-fixture.ts";

const FAUCET_AMOUNT = parseEther("1000");
const FAUCET_COOLDOWN = 60n * 60n;
// Order of the secp256k1 group: a signature's `s` above half of it is the malleable twin.
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

async function setup() {
  const deployment = await loadDeployment();
  const [holder, spender, stranger] = deployment.accounts;
  return { ...deployment, holder: holder!, spender: spender!, stranger: stranger! };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** A permit for `value` from `holder` to `spender`, signed by `signer` (the holder unless a forgery is wanted). */
async function signPermit(
  { token, holder, spender, publicClient }: Setup,
  { value, deadline, signer = holder }: { value: bigint; deadline: bigint; signer?: Setup["holder"] },
) {
  const nonce = await token.read.nonces([holder.account.address]);
  const signature = await signer.signTypedData({
    account: signer.account,
    domain: {
      name: await token.read.name(),
      version: "1",
      chainId: await publicClient.getChainId(),
      verifyingContract: token.address,
    },
    types: permitTypes,
    primaryType: "Permit",
    message: { owner: holder.account.address, spender: spender.account.address, value, nonce, deadline },
  });
  const { r, s, v } = parseSignature(signature);
  return { r, s, v: Number(v) };
}

async function deadlineIn(seconds: bigint) {
  return BigInt(await networkHelpers.time.latest()) + seconds;
}

describe("DevStakeToken", () => {
  describe("# metadata", () => {
    it("should describe itself as the dev stake token", async () => {
      const { token } = await setup();
      assert.equal(await token.read.name(), "Leasehold Dev Stake");
      assert.equal(await token.read.symbol(), "dLEASE");
      assert.equal(await token.read.decimals(), 18);
      assert.equal(await token.read.totalSupply(), 0n);
      assert.equal(await token.read.FAUCET_AMOUNT(), FAUCET_AMOUNT);
      assert.equal(await token.read.FAUCET_COOLDOWN(), FAUCET_COOLDOWN);
    });
  });

  describe("# faucet", () => {
    it("should mint FAUCET_AMOUNT to the caller and emit FaucetDrawn", async () => {
      const { token, holder } = await setup();
      assert.equal(await token.read.faucetAvailableAt([holder.account.address]), 0n);
      const hash = await token.write.faucet({ account: holder.account });
      await viem.assertions.emitWithArgs(hash, token, "FaucetDrawn", [
        getAddress(holder.account.address),
        FAUCET_AMOUNT,
      ]);
      await viem.assertions.emitWithArgs(hash, token, "Transfer", [
        zeroAddress,
        getAddress(holder.account.address),
        FAUCET_AMOUNT,
      ]);
      assert.equal(await token.read.balanceOf([holder.account.address]), FAUCET_AMOUNT);
      const drawnAt = BigInt(await networkHelpers.time.latest());
      assert.equal(await token.read.faucetAvailableAt([holder.account.address]), drawnAt + FAUCET_COOLDOWN);
    });

    it("should revert with DevStakeTokenFaucetCoolingDown within the cooldown", async () => {
      const { token, holder } = await setup();
      await token.write.faucet({ account: holder.account });
      const availableAt = await token.read.faucetAvailableAt([holder.account.address]);
      await networkHelpers.time.increase(FAUCET_COOLDOWN / 2n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.faucet({ account: holder.account }),
        token,
        "DevStakeTokenFaucetCoolingDown",
        [getAddress(holder.account.address), availableAt],
      );
    });

    it("should allow another draw once the cooldown has passed", async () => {
      const { token, holder } = await setup();
      await token.write.faucet({ account: holder.account });
      await networkHelpers.time.increase(FAUCET_COOLDOWN);
      assert.equal(await token.read.faucetAvailableAt([holder.account.address]), 0n);
      await token.write.faucet({ account: holder.account });
      assert.equal(await token.read.balanceOf([holder.account.address]), 2n * FAUCET_AMOUNT);
    });

    it("should keep cooldowns per account", async () => {
      const { token, holder, spender } = await setup();
      await token.write.faucet({ account: holder.account });
      await token.write.faucet({ account: spender.account });
      assert.equal(await token.read.totalSupply(), 2n * FAUCET_AMOUNT);
    });
  });

  describe("# transfer", () => {
    it("should revert with ERC20InsufficientBalance above the balance", async () => {
      const { token, holder, spender } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.transfer([spender.account.address, 1n], { account: holder.account }),
        token,
        "ERC20InsufficientBalance",
        [getAddress(holder.account.address), 0n, 1n],
      );
    });

    it("should revert with ERC20InvalidReceiver for the zero address", async () => {
      const { token, holder } = await setup();
      await token.write.faucet({ account: holder.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.transfer([zeroAddress, 1n], { account: holder.account }),
        token,
        "ERC20InvalidReceiver",
        [zeroAddress],
      );
    });
  });

  describe("# approve", () => {
    it("should revert with ERC20InvalidSpender for the zero address", async () => {
      const { token, holder } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.approve([zeroAddress, 1n], { account: holder.account }),
        token,
        "ERC20InvalidSpender",
        [zeroAddress],
      );
    });
  });

  describe("# transferFrom", () => {
    it("should revert with ERC20InsufficientAllowance above the allowance", async () => {
      const { token, holder, spender } = await setup();
      await token.write.faucet({ account: holder.account });
      await token.write.approve([spender.account.address, 5n], { account: holder.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.transferFrom([holder.account.address, spender.account.address, 6n], { account: spender.account }),
        token,
        "ERC20InsufficientAllowance",
        [getAddress(spender.account.address), 5n, 6n],
      );
    });

    it("should revert with ERC20InvalidApprover when spending from the zero address", async () => {
      const { token, spender } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.transferFrom([zeroAddress, spender.account.address, 0n], { account: spender.account }),
        token,
        "ERC20InvalidApprover",
        [zeroAddress],
      );
    });
  });

  describe("# permit", () => {
    it("should set the allowance from the holder's signature and use up the nonce", async () => {
      const context = await setup();
      const { token, holder, spender, stranger } = context;
      const deadline = await deadlineIn(3600n);
      const { v, r, s } = await signPermit(context, { value: 42n, deadline });
      await viem.assertions.emitWithArgs(
        token.write.permit([holder.account.address, spender.account.address, 42n, deadline, v, r, s], {
          account: stranger.account,
        }),
        token,
        "Approval",
        [getAddress(holder.account.address), getAddress(spender.account.address), 42n],
      );
      assert.equal(await token.read.allowance([holder.account.address, spender.account.address]), 42n);
      assert.equal(await token.read.nonces([holder.account.address]), 1n);
    });

    it("should revert with ERC2612ExpiredSignature after the deadline", async () => {
      const context = await setup();
      const { token, holder, spender } = context;
      const deadline = await deadlineIn(60n);
      const { v, r, s } = await signPermit(context, { value: 42n, deadline });
      await networkHelpers.time.increase(120n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.permit([holder.account.address, spender.account.address, 42n, deadline, v, r, s]),
        token,
        "ERC2612ExpiredSignature",
        [deadline],
      );
    });

    it("should revert with ERC2612InvalidSigner for a signature by someone else", async () => {
      const context = await setup();
      const { token, holder, spender, stranger } = context;
      const deadline = await deadlineIn(3600n);
      const { v, r, s } = await signPermit(context, { value: 42n, deadline, signer: stranger });
      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.permit([holder.account.address, spender.account.address, 42n, deadline, v, r, s]),
        token,
        "ERC2612InvalidSigner",
        [getAddress(stranger.account.address), getAddress(holder.account.address)],
      );
    });

    it("should revert with ERC2612InvalidSigner when the signature is replayed", async () => {
      const context = await setup();
      const { token, holder, spender } = context;
      const deadline = await deadlineIn(3600n);
      const { v, r, s } = await signPermit(context, { value: 42n, deadline });
      await token.write.permit([holder.account.address, spender.account.address, 42n, deadline, v, r, s]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.permit([holder.account.address, spender.account.address, 42n, deadline, v, r, s]),
        token,
        "ERC2612InvalidSigner",
        [(signer: string) => signer !== getAddress(holder.account.address), getAddress(holder.account.address)],
      );
    });

    it("should revert with ECDSAInvalidSignature for a signature that recovers no address", async () => {
      const { token, holder, spender } = await setup();
      const deadline = await deadlineIn(3600n);
      await viem.assertions.revertWithCustomError(
        token.write.permit([holder.account.address, spender.account.address, 42n, deadline, 27, zeroHash, zeroHash]),
        token,
        "ECDSAInvalidSignature",
      );
    });

    it("should revert with ECDSAInvalidSignatureS for the malleable twin of a valid signature", async () => {
      const context = await setup();
      const { token, holder, spender } = context;
      const deadline = await deadlineIn(3600n);
      const { v, r, s } = await signPermit(context, { value: 42n, deadline });
      const highS: Hex = numberToHex(SECP256K1_N - BigInt(s), { size: 32 });
      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.permit([
          holder.account.address,
          spender.account.address,
          42n,
          deadline,
          v === 27 ? 28 : 27,
          r,
          highS,
        ]),
        token,
        "ECDSAInvalidSignatureS",
        [highS],
      );
    });
  });
});
