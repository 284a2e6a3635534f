/**
 * CodeRegistry events: one row per release (publisher and code hash) with its review clock and
 * how it was decided, one row per code hash with `isApproved` (some release approved, the code
 * never revoked), the admin log of approvals, revocations and parameter changes, and the current
 * review policy and bond. Role events (GUARDIAN_ROLE) are in access-control.ts; which proposal
 * approved a release is set when the proposal executes (governor.ts).
 */
import { ponder } from "ponder:registry";
import { code, release } from "ponder:schema";
import { eventDetails } from "./lib/admin-actions.ts";
import { releaseId, releaseStatusName, releaseUrgencyName } from "./lib/governance.ts";
import { recordAdminAction, recordParameterChange, setParameter } from "./lib/parameter-log.ts";

ponder.on("CodeRegistry:ReleasePublished", async ({ event, context }) => {
  const { codeHash, publisher, contentId, size, urgency, descriptionURI, bond, approvableAt } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(release).values({
    id: releaseId(publisher, codeHash),
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
  await context.db
    .insert(code)
    .values({ codeHash, releaseCount: 1, approvedReleases: 0, approved: false, updatedAt: timestamp })
    .onConflictDoUpdate((row) => ({ releaseCount: row.releaseCount + 1, updatedAt: timestamp }));
});

ponder.on("CodeRegistry:ReleaseApproved", async ({ event, context }) => {
  const { codeHash, publisher, approver, bondRefunded } = event.args;
  const timestamp = event.block.timestamp;
  // The registry refuses to approve revoked code, so the code is approved from here on.
  await context.db
    .update(code, { codeHash })
    .set((row) => ({ approvedReleases: row.approvedReleases + 1, approved: true, updatedAt: timestamp }));
  await context.db.update(release, { id: releaseId(publisher, codeHash) }).set({
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
    details: eventDetails({ codeHash, publisher, bondRefunded }),
  });
});

ponder.on("CodeRegistry:ReleaseRevoked", async ({ event, context }) => {
  const { codeHash, publisher, guardian, previousStatus, reason, bondForfeited, codeApproved } = event.args;
  const timestamp = event.block.timestamp;
  const revokedFrom = releaseStatusName(previousStatus);
  // Only this release ends: the code stays approved while another release of it is.
  await context.db.update(code, { codeHash }).set((row) => ({
    approvedReleases: row.approvedReleases - (revokedFrom === "approved" ? 1 : 0),
    approved: codeApproved,
    updatedAt: timestamp,
  }));
  await context.db.update(release, { id: releaseId(publisher, codeHash) }).set({
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
    details: {
      ...eventDetails({ codeHash, publisher, bondForfeited, codeApproved }),
      previousStatus: revokedFrom,
      reason,
    },
  });
});

ponder.on("CodeRegistry:CodeRevoked", async ({ event, context }) => {
  const { codeHash, guardian, reason, wasApproved } = event.args;
  const timestamp = event.block.timestamp;
  // The guardian may revoke code nobody published yet, so the row may be new.
  const revoked = { approved: false, revokedAt: timestamp, revokedBy: guardian, revokeReason: reason };
  await context.db
    .insert(code)
    .values({ codeHash, releaseCount: 0, approvedReleases: 0, ...revoked, updatedAt: timestamp })
    .onConflictDoUpdate({ ...revoked, updatedAt: timestamp });
  await recordAdminAction(context.db, event, {
    contract: "CodeRegistry",
    action: "CodeRevoked",
    actor: guardian,
    details: { ...eventDetails({ codeHash, wasApproved }), reason },
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
