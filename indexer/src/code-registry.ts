/**
 * CodeRegistry events: one row per release with its review clock and how it was decided, the
 * admin log of approvals, revocations and parameter changes, and the current review policy and
 * bond. Role events (GUARDIAN_ROLE) are in access-control.ts; which proposal approved a release
 * is set when the proposal executes (governor.ts).
 */
import { ponder } from "ponder:registry";
import { release } from "ponder:schema";
import { eventDetails } from "./lib/admin-actions.ts";
import { releaseStatusName, releaseUrgencyName } from "./lib/governance.ts";
import { recordAdminAction, recordParameterChange, setParameter } from "./lib/parameter-log.ts";

ponder.on("CodeRegistry:ReleasePublished", async ({ event, context }) => {
  const { codeHash, publisher, contentId, size, urgency, descriptionURI, bond, approvableAt } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(release).values({
    codeHash,
    contentId,
    size,
    urgency: releaseUrgencyName(urgency),
    descriptionUri: descriptionURI,
    publisher,
    bond,
    bondHeld: bond,
    status: "pending",
    publishedAt: timestamp,
    publishedBlockNumber: event.block.number,
    approvableAt,
    reviewWindow: approvableAt - timestamp,
    transactionHash: event.transaction.hash,
    updatedAt: timestamp,
  });
});

ponder.on("CodeRegistry:ReleaseApproved", async ({ event, context }) => {
  const { codeHash, approver, bondRefunded } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.update(release, { codeHash }).set({
    status: "approved",
    decidedAt: timestamp,
    approvedBy: approver,
    bondRefunded,
    bondHeld: 0n,
    updatedAt: timestamp,
  });
  await recordAdminAction(context.db, event, {
    contract: "CodeRegistry",
    action: "ReleaseApproved",
    actor: approver,
    details: eventDetails({ codeHash, bondRefunded }),
  });
});

ponder.on("CodeRegistry:ReleaseRevoked", async ({ event, context }) => {
  const { codeHash, guardian, previousStatus, reason, bondForfeited } = event.args;
  const timestamp = event.block.timestamp;
  const revokedFrom = releaseStatusName(previousStatus);
  await context.db.update(release, { codeHash }).set({
    status: "revoked",
    decidedAt: timestamp,
    revokedBy: guardian,
    revokeReason: reason,
    revokedFrom,
    bondForfeited,
    bondHeld: 0n,
    updatedAt: timestamp,
  });
  await recordAdminAction(context.db, event, {
    contract: "CodeRegistry",
    action: "ReleaseRevoked",
    actor: guardian,
    // The reason is free text: kept as written, never lowercased like hex.
    details: { ...eventDetails({ codeHash, bondForfeited }), previousStatus: revokedFrom, reason },
  });
});

ponder.on("CodeRegistry:ReviewPolicyUpdated", async ({ event, context }) => {
  const { oldPolicy, newPolicy } = event.args;
  const old = { reviewBase: oldPolicy.reviewBase.toString(), reviewPerKiB: oldPolicy.reviewPerKiB.toString() };
  const next = { reviewBase: newPolicy.reviewBase.toString(), reviewPerKiB: newPolicy.reviewPerKiB.toString() };
  await recordAdminAction(context.db, event, {
    contract: "CodeRegistry",
    action: "ReviewPolicyUpdated",
    actor: null,
    details: { old, new: next },
  });
  // `reviewPolicy()` returns both; the parameter table keeps one value per name.
  await setParameter(context.db, event, "CodeRegistry", "reviewBase", newPolicy.reviewBase);
  await setParameter(context.db, event, "CodeRegistry", "reviewPerKiB", newPolicy.reviewPerKiB);
});

ponder.on("CodeRegistry:PublicationBondUpdated", async ({ event, context }) => {
  const { oldBond, newBond } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "CodeRegistry",
    action: "PublicationBondUpdated",
    name: "publicationBond",
    oldValue: oldBond,
    newValue: newBond,
  });
});
