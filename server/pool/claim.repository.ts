import type { EntityManager } from 'typeorm';
import { fromSqlTime, placeholders, sqlTime } from '../infra/db.ts';
import { CUSTOMER_ROW_SELECT, type CustomerRow } from '../customers/customer-rows.ts';

/** A customer about to be claimed, with everything the claim rules need about the claimer. */
export interface ClaimSubject {
  row: CustomerRow;
  /** The claimer's holding: counted for the cap, left out as exempt, co-followed. */
  held: number;
  heldExempt: number;
  coFollowed: number;
  claimedToday: number;
  /** When the claimer last lost this customer (released or reclaimed): the cooldown. */
  lastLostAt: Date | null;
}

/**
 * Locks the customer's row and the claimer's user row in one statement (MySQL; SQLite has one
 * writer anyway) — the claimer's claims, creates and assignments queue up on their row, so the
 * cap and the daily limit hold — then reads the customer with its pool and owner, the holding,
 * today's claims and the cooldown in one more. The counts are read after the locks, so they see
 * every claim of the claimer committed before this one.
 */
export async function lockClaimSubject(
  em: EntityManager, kind: 'sqlite' | 'mysql', customerId: number, claimerId: number, exemptLevels: readonly string[], dayStart: Date,
): Promise<ClaimSubject | null> {
  if (kind === 'mysql') {
    const locked: unknown[] = await em.query('SELECT c.id, u.id AS user_id FROM customers c JOIN users u ON u.id = ? WHERE c.id = ? FOR UPDATE', [claimerId, customerId]);
    if (!locked.length) return null;
  }
  const exempt = exemptLevels.length ? `h.level IN (${placeholders(exemptLevels.length)})` : '1 = 0';
  const rows: Array<CustomerRow & { held: number | string; held_exempt: number | string; co_followed: number | string; claimed_today: number | string; last_lost_at: string | Date | null }> = await em.query(
    `SELECT ${CUSTOMER_ROW_SELECT.columns},
            (SELECT COUNT(*) FROM customers h WHERE h.owner_id = ? AND NOT (${exempt})) AS held,
            (SELECT COUNT(*) FROM customers h WHERE h.owner_id = ? AND ${exempt}) AS held_exempt,
            (SELECT COUNT(*) FROM customer_followers f WHERE f.user_id = ?) AS co_followed,
            (SELECT COUNT(*) FROM ownership_events e WHERE e.to_user_id = ? AND e.type = 'claimed' AND e.at >= ?) AS claimed_today,
            (SELECT MAX(e.at) FROM ownership_events e WHERE e.customer_id = c.id AND e.from_user_id = ? AND e.type IN ('released', 'reclaimed')) AS last_lost_at
     FROM customers c ${CUSTOMER_ROW_SELECT.joins}
     WHERE c.id = ?`,
    [claimerId, ...exemptLevels, claimerId, ...exemptLevels, claimerId, claimerId, sqlTime(dayStart), claimerId, customerId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    row: r, held: Number(r.held), heldExempt: Number(r.held_exempt), coFollowed: Number(r.co_followed),
    claimedToday: Number(r.claimed_today), lastLostAt: fromSqlTime(r.last_lost_at),
  };
}
