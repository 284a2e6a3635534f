/**
 * InsurancePool's privileged actions: the cooldown (admin) and claims (CLAIMS_ROLE) go to the
 * admin log; role events are in access-control.ts. Deposits and redemptions are not indexed yet
 * (issue 4).
 */
import { ponder } from "ponder:registry";
import { eventDetails } from "./lib/admin-actions.ts";
import { recordAdminAction, recordParameterChange } from "./lib/parameter-log.ts";

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
  await recordAdminAction(context.db, event, {
    contract: "InsurancePool",
    action: "ClaimFiled",
    actor: filer,
    details: eventDetails({ claimId, recipient, ref, amount, reserved }),
  });
});

ponder.on("InsurancePool:ClaimPaid", async ({ event, context }) => {
  const { claimId, recipient, paid, shortfall } = event.args;
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
  await recordAdminAction(context.db, event, {
    contract: "InsurancePool",
    action: "ClaimCancelled",
    actor: null,
    details: eventDetails({ claimId, released }),
  });
});
