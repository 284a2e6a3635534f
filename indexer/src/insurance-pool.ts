/**
 * InsurancePool events: every deposit, withdrawal, redeem request and claim moves the pool's
 * replayed totals (src/lib/pool-ledger.ts) and its per-block snapshot; the cooldown (admin) and
 * claims (CLAIMS_ROLE) also go to the admin log. Premiums and the court's transfers arrive as
 * plain token transfers, recorded from JobEscrow's and DisputeCourt's events; role events are in
 * access-control.ts.
 */
import { ponder } from "ponder:registry";
import { eventDetails } from "./lib/admin-actions.ts";
import { recordAdminAction, recordParameterChange } from "./lib/parameter-log.ts";
import { recordPoolChange } from "./lib/pool.ts";

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
  await recordPoolChange(
    context.db,
    event,
    event.log.address,
    { kind: "claim_filed", reserved },
    { account: recipient, claimId },
  );
  await recordAdminAction(context.db, event, {
    contract: "InsurancePool",
    action: "ClaimFiled",
    actor: filer,
    details: eventDetails({ claimId, recipient, ref, amount, reserved }),
  });
});

ponder.on("InsurancePool:ClaimPaid", async ({ event, context }) => {
  const { claimId, recipient, paid, shortfall } = event.args;
  await recordPoolChange(
    context.db,
    event,
    event.log.address,
    { kind: "claim_paid", paid },
    { account: recipient, claimId },
  );
  await recordAdminAction(context.db, event, {
    contract: "InsurancePool",
    action: "ClaimPaid",
    // Only CLAIMS_ROLE pays, but the event does not name the caller.
    actor: null,
    details: eventDetails({ claimId, recipient, paid, shortfall }),
  });
});

ponder.on("InsurancePool:ClaimCancelled", async ({ event, context }) => {
  const { claimId, released } = event.args;
  await recordPoolChange(context.db, event, event.log.address, { kind: "claim_cancelled", released }, { claimId });
  await recordAdminAction(context.db, event, {
    contract: "InsurancePool",
    action: "ClaimCancelled",
    actor: null,
    details: eventDetails({ claimId, released }),
  });
});
