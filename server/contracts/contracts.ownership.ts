import type { FollowerHolds, OwnershipFollower } from '../ownership/change-owner.ts';
import { placeholders } from '../infra/db.ts';

/**
 * Contracts (and so their payment plans) follow their customer to a new owner (handover,
 * assignment, claim). A customer returning to the pool keeps its contracts' owner for the
 * record: their visibility follows the customer anyway.
 */
export const contractsFollowOwnership: OwnershipFollower = async (sql, changes) => {
  const byOwner = new Map<number, number[]>();
  for (const c of changes) {
    if (c.to === null) continue;
    byOwner.set(c.to, [...(byOwner.get(c.to) ?? []), c.customerId]);
  }
  for (const [to, ids] of byOwner) {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await sql.execute(
        `UPDATE contracts SET owner_id = ? WHERE customer_id IN (${placeholders(chunk.length)}) AND status IN ('draft', 'pending_approval', 'signed')`,
        [to, ...chunk]);
    }
  }
};

/** Whether a customer has contracts that follow its owner (the same statuses as above). */
export const contractsHeld: FollowerHolds = (customerId) =>
  `EXISTS (SELECT 1 FROM contracts k WHERE k.customer_id = ${customerId} AND k.status IN ('draft', 'pending_approval', 'signed'))`;
