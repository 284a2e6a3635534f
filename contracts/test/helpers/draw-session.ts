/**
 * The arbitrator registry's draw line driven as keepers drive it, on the fixture's deployment: the
 * sdk's `nextDrawStep` decides each call (as it does for the app and the devnet's clerk), and the
 * test chain's clock and miner stand in for waiting. Shared by the court's tests.
 */
import type { Address, PublicClient } from "viem";
import { DrawPhase, nextDrawStep, readDrawSession, type DrawStep } from "../../../sdk/src/court/index.ts";
import { networkHelpers } from "../../fixtures/deploy-fixture.ts";

export interface DrawLine {
  publicClient: PublicClient;
  arbitratorRegistry: { address: Address; write: { passPhase: () => Promise<unknown> } };
  disputeCourt: { address: Address; write: { draw: (args: readonly [bigint]) => Promise<unknown> } };
}

async function nextStep(line: DrawLine): Promise<DrawStep> {
  const state = await readDrawSession(line.publicClient, {
    ArbitratorRegistry: { address: line.arbitratorRegistry.address },
    DisputeCourt: { address: line.disputeCourt.address },
  });
  // The next transaction lands in a block one second after the latest.
  return nextDrawStep(state, BigInt(await networkHelpers.time.latest()) + 1n);
}

/** Takes the draw line's next step (waiting by moving the clock or mining); returns it. */
export async function stepDrawLine(line: DrawLine): Promise<DrawStep> {
  const step = await nextStep(line);
  switch (step.kind) {
    case "idle":
      break;
    case "waitStaking":
      await networkHelpers.time.increaseTo(step.until);
      break;
    case "waitRandomness":
      // The block-hash source answers once its target block is mined.
      await networkHelpers.mine(1);
      break;
    case "draw":
      await line.disputeCourt.write.draw([step.disputeId]);
      break;
    default:
      await line.arbitratorRegistry.write.passPhase();
  }
  return step;
}

/** Runs the line up to the registry's Drawing phase (the session's randomness known); false if idle. */
export async function startDrawing(line: DrawLine): Promise<boolean> {
  for (;;) {
    const step = await nextStep(line);
    if (step.kind === "idle") return false;
    if (step.kind === "draw" || step.kind === "endSession") return true;
    await stepDrawLine(line);
  }
}

/** Draws every ticket ahead of `disputeId`'s and its own, in order, then ends the session if nothing is left in it. */
export async function drawUpTo(line: DrawLine, disputeId: bigint): Promise<void> {
  if (!(await startDrawing(line))) throw new Error(`dispute ${disputeId} waits for no draw`);
  for (;;) {
    const step = await stepDrawLine(line);
    if (step.kind === "endSession") return;
    if (step.kind !== "draw" || step.disputeId !== disputeId) continue;
    if ((await nextStep(line)).kind === "endSession") await stepDrawLine(line);
    return;
  }
}

/** Finishes a running session, drawing what it may draw, so the registry is back to Staking. */
export async function endSession(line: DrawLine): Promise<void> {
  const registry = { address: line.arbitratorRegistry.address } as const;
  for (;;) {
    const state = await readDrawSession(line.publicClient, {
      ArbitratorRegistry: registry,
      DisputeCourt: { address: line.disputeCourt.address },
    });
    if (state.phase === DrawPhase.Staking) return;
    await stepDrawLine(line);
  }
}
