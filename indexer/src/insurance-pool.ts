/**
 * InsurancePool events: every deposit, withdrawal, redeem request, claim and collected release
 * moves the pool's replayed totals (src/lib/pool-ledger.ts) and its per-block snapshot; share
 * transfers, claims and collections also keep each holder's shares and its part of every claim
 * (src/lib/pool-claims.ts). The cooldown (admin) and claims (CLAIMS_ROLE) also go to the admin
 * log. Premiums and the court's transfers arrive as plain token transfers, recorded from
 * JobEscrow's and DisputeCourt's events; role events are in access-control.ts.
 */
import { ponder } from "ponder:registry";
import { eventDetails } from "./lib/admin-actions.ts";
import { recordAdminAction, recordParameterChange } from "./lib/parameter-log.ts";
import { recordPoolChange } from "./lib/pool.ts";
import {
  recordClaimFiled,
  recordClaimSettled,
  recordReleaseCollected,
  recordShareTransfer,
} from "./lib/pool-claims.ts";

ponder.on("InsurancePool:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  await recordShareTransfer(context.db, event, from, to, value);
});

ponder.on("InsurancePool:Deposit", async ({ event, context }) => {
  const { owner, assets, shares } = event.args;
  await recordPoolChange(context.db, event, event.log.address, { kind: "deposit", assets, shares }, { account: owner });
});

ponder.on("InsurancePool:Withdraw", async ({ event, context }) => {
  const { owner, assets, shares } = event.args;
  await recordPoolChange(
    context.db,
    event,
    event.log.address,
    { kind: "withdraw", assets, shares },
    { account: owner },
  );
});

ponder.on("InsurancePool:RedeemRequested", async ({ event, context }) => {
  const { owner, shares } = event.args;
  await recordPoolChange(
    context.db,
    event,
    event.log.address,
    { kind: "redeem_requested", shares },
    { account: owner },
  );
});

ponder.on("InsurancePool:RedeemCancelled", async ({ event, context }) => {
  const { owner, shares } = event.args;
  await recordPoolChange(
    context.db,
    event,
    event.log.address,
    { kind: "redeem_cancelled", shares },
    { account: owner },
  );
});

ponder.on("InsurancePool:CooldownUpdated", async ({ event, context }) => {
  const { oldCooldown, newCooldown } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "InsurancePool",
    action: "CooldownUpdated",
    name: "cooldown",
    oldValue: oldCooldown,
    newValue: newCooldown,
  });
});

ponder.on("InsurancePool:ClaimFiled", async ({ event, context }) => {
  const { claimId, recipient, ref, amount, reserved, filer } = event.args;
  const before = await recordPoolChange(
    context.db,
    event,
    event.log.address,
    { kind: "claim_filed", reserved },
    { account: recipient, claimId },
  );
  await recordClaimFiled(context.db, event, {
    claimId,
    recipient,
    ref,
    filer,
    amount,
    reserved,
    supplyAtFiling: before.totalSupply,
  });
  await recordAdminAction(context.db, event, {
    contract: "InsurancePool",
    action: "ClaimFiled",
    actor: filer,
    details: eventDetails({ claimId, recipient, ref, amount, reserved }),
  });
});

ponder.on("InsurancePool:ClaimPaid", async ({ event, context }) => {
  const { claimId, recipient, paid, shortfall, released } = event.args;
  const { owned } = await recordClaimSettled(context.db, event, { claimId, status: "paid", paid, shortfall, released });
  await recordPoolChange(
    context.db,
    event,
    event.log.address,
    { kind: "claim_paid", paid, released, owned },
    { account: recipient, claimId },
  );
  await recordAdminAction(context.db, event, {
    contract: "InsurancePool",
    action: "ClaimPaid",
    // Only CLAIMS_ROLE pays, but the event does not name the caller.
    actor: null,
    details: eventDetails({ claimId, recipient, paid, shortfall, released }),
  });
});

ponder.on("InsurancePool:ClaimCancelled", async ({ event, context }) => {
  const { claimId, released } = event.args;
  const { owned } = await recordClaimSettled(context.db, event, {
    claimId,
    status: "cancelled",
    paid: 0n,
    shortfall: 0n,
    released,
  });
  await recordPoolChange(
    context.db,
    event,
    event.log.address,
    { kind: "claim_cancelled", released, owned },
    { claimId },
  );
  await recordAdminAction(context.db, event, {
    contract: "InsurancePool",
    action: "ClaimCancelled",
    actor: null,
    details: eventDetails({ claimId, released }),
  });
});

ponder.on("InsurancePool:ReleaseCollected", async ({ event, context }) => {
  const { claimId, holder, amount } = event.args;
  await recordReleaseCollected(context.db, event, { claimId, holder, amount });
  await recordPoolChange(
    context.db,
    event,
    event.log.address,
    { kind: "release_collected", amount },
    { account: holder, claimId },
  );
});
