/**
 * OpenZeppelin AccessControl events of every contract that has them: the admin log and the
 * current holders of each role.
 */
import { ponder } from "ponder:registry";
import { adminAction, roleMember } from "ponder:schema";
import { accessControlledContracts, roleAdminChangeDetails, roleChangeDetails } from "./lib/admin-actions.ts";
import { eventColumns } from "./lib/event-meta.ts";

for (const contract of accessControlledContracts) {
  ponder.on(`${contract}:RoleGranted`, async ({ event, context }) => {
    const { role, account, sender } = event.args;
    await context.db.insert(adminAction).values({
      id: event.id,
      contract,
      action: "RoleGranted",
      actor: sender,
      details: roleChangeDetails(role, account),
      ...eventColumns(event),
    });
    await context.db
      .insert(roleMember)
      .values({ contract, role, account, active: true, updatedAt: event.block.timestamp })
      .onConflictDoUpdate({ active: true, updatedAt: event.block.timestamp });
  });

  ponder.on(`${contract}:RoleRevoked`, async ({ event, context }) => {
    const { role, account, sender } = event.args;
    await context.db.insert(adminAction).values({
      id: event.id,
      contract,
      action: "RoleRevoked",
      // For renounceRole the sender is the account itself.
      actor: sender,
      details: roleChangeDetails(role, account),
      ...eventColumns(event),
    });
    await context.db
      .insert(roleMember)
      .values({ contract, role, account, active: false, updatedAt: event.block.timestamp })
      .onConflictDoUpdate({ active: false, updatedAt: event.block.timestamp });
  });

  ponder.on(`${contract}:RoleAdminChanged`, async ({ event, context }) => {
    const { role, previousAdminRole, newAdminRole } = event.args;
    await context.db.insert(adminAction).values({
      id: event.id,
      contract,
      action: "RoleAdminChanged",
      // Only emitted from inside the contract's own code, which the event does not name.
      actor: null,
      details: roleAdminChangeDetails(role, previousAdminRole, newAdminRole),
      ...eventColumns(event),
    });
  });
}
