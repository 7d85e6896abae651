import { fromSqlTime, placeholders, sqlTime, type Sql } from '../infra/db.ts';
import { contactsJsonSql, CUSTOMER_ROW_SELECT, relationsFromContactsJson, type CustomerRelations, type CustomerRow } from '../customers/customer-rows.ts';
import { followerHoldings } from '../ownership/change-owner.ts';

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
  /** The capabilities holding records of this customer that follow its owner (changeOwner's `followers`). */
  followers: ReadonlySet<string>;
  /** Its contacts, for the answer (a customer in a pool has no co-followers). */
  relations: CustomerRelations;
}

/**
 * Locks the customer's row and the claimer's user row in one statement (MySQL; SQLite has one
 * writer anyway) — the claimer's claims, creates and assignments queue up on their row, so the
 * cap and the daily limit hold — then reads the customer with its pool and owner, the holding,
 * today's claims, the cooldown, which capabilities have records to move with it and its contacts
 * (for the answer) in one more.
 * The counts are read after the locks, so they see every claim of the claimer committed before
 * this one.
 */
export async function lockClaimSubject(
  sql: Sql, customerId: number, claimerId: number, exemptLevels: readonly string[], dayStart: Date,
): Promise<ClaimSubject | null> {
  if (sql.kind === 'mysql') {
    const locked = await sql.query('SELECT c.id, u.id AS user_id FROM customers c JOIN users u ON u.id = ? WHERE c.id = ? FOR UPDATE', [claimerId, customerId]);
    if (!locked.length) return null;
  }
  const holdings = followerHoldings('c.id');
  const exempt = exemptLevels.length ? `h.level IN (${placeholders(exemptLevels.length)})` : '1 = 0';
  const rows = await sql.query<CustomerRow & { held: number | string; held_exempt: number | string; co_followed: number | string; claimed_today: number | string; last_lost_at: string | Date | null; contacts_json: string | unknown[] | null }>(
    `SELECT ${CUSTOMER_ROW_SELECT.columns},
            hc.held, hc.held_exempt,
            (SELECT COUNT(*) FROM customer_followers f WHERE f.user_id = ?) AS co_followed,
            (SELECT COUNT(*) FROM ownership_events e WHERE e.to_user_id = ? AND e.type = 'claimed' AND e.at >= ?) AS claimed_today,
            (SELECT MAX(e.at) FROM ownership_events e WHERE e.customer_id = c.id AND e.from_user_id = ? AND e.type IN ('released', 'reclaimed')) AS last_lost_at
            ${holdings.columns}, ${contactsJsonSql(sql.kind, 'c.id')} AS contacts_json
     FROM customers c ${CUSTOMER_ROW_SELECT.joins}
       -- The holding, counted and exempt, in one pass over the claimer's customers.
       CROSS JOIN (SELECT COALESCE(SUM(CASE WHEN ${exempt} THEN 0 ELSE 1 END), 0) AS held, COALESCE(SUM(CASE WHEN ${exempt} THEN 1 ELSE 0 END), 0) AS held_exempt
                   FROM customers h WHERE h.owner_id = ?) hc
     WHERE c.id = ?`,
    [claimerId, claimerId, sqlTime(dayStart), claimerId, ...exemptLevels, ...exemptLevels, claimerId, customerId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    row: r, held: Number(r.held), heldExempt: Number(r.held_exempt), coFollowed: Number(r.co_followed),
    claimedToday: Number(r.claimed_today), lastLostAt: fromSqlTime(r.last_lost_at), followers: holdings.read(r),
    relations: relationsFromContactsJson(customerId, r.contacts_json),
  };
}

/** Who follows a customer with its owner (co-followers): for the visibility of an owned customer. */
export async function followerIdsOf(sql: Sql, customerId: number): Promise<number[]> {
  const rows = await sql.query<{ user_id: number | string }>('SELECT user_id FROM customer_followers WHERE customer_id = ?', [customerId]);
  return rows.map((r) => Number(r.user_id));
}
