import { fromSqlTime, placeholders, sqlTime, type Sql } from '../infra/db.ts';
import { CONTACTS_OF_CUSTOMER_SQL, CUSTOMER_COLUMNS, relationsFromContactRows, type ContactRow, type CustomerOwnRow, type CustomerRelations } from '../customers/customer-rows.ts';
import { followerHoldings } from '../ownership/change-owner.ts';

/**
 * The customer as the claim reads it: its own columns and its last owner's name. What else a
 * CustomerRow holds (the owner, the pool and its rules) the claim sets itself or takes from the
 * pool directory's cache.
 */
export type ClaimRow = CustomerOwnRow;

/** A customer about to be claimed, with everything the claim rules need about the claimer. */
export interface ClaimSubject {
  row: ClaimRow;
  /** The claimer's holding as the cap counts it (exempt levels left out). */
  held: number;
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
 * cap and the daily limit hold — then reads the customer with its last owner's name, the holding,
 * today's claims, the cooldown and which capabilities have records to move with it in one
 * statement, and its contacts (for the answer) in another: on MySQL the BEGIN, the locks and both
 * reads are one round trip. The counts are read after the locks, so they see every claim of the
 * claimer committed before this one. What only a refusal needs (the holding's exempt and
 * co-followed customers) is left to holdingSummary on that rare path.
 */
export async function lockClaimSubject(
  sql: Sql, customerId: number, claimerId: number, exemptLevels: readonly string[], dayStart: Date,
): Promise<ClaimSubject | null> {
  if (sql.kind === 'mysql') {
    // Its answer is not needed: the read below finds no row for a customer that does not exist.
    await sql.write('SELECT c.id, u.id AS user_id FROM customers c JOIN users u ON u.id = ? WHERE c.id = ? FOR UPDATE', [claimerId, customerId]);
  }
  const contacts = sql.readWithNext<ContactRow>(CONTACTS_OF_CUSTOMER_SQL, [customerId]);
  const holdings = followerHoldings('c.id');
  const counted = exemptLevels.length ? `AND h.level NOT IN (${placeholders(exemptLevels.length)})` : '';
  const rows = await sql.query<ClaimRow & { held: number | string; claimed_today: number | string; last_lost_at: string | Date | null }>(
    `SELECT ${CUSTOMER_COLUMNS}, lu.name AS last_owner_name,
            (SELECT COUNT(*) FROM customers h WHERE h.owner_id = ? ${counted}) AS held,
            (SELECT COUNT(*) FROM ownership_events e WHERE e.to_user_id = ? AND e.type = 'claimed' AND e.at >= ?) AS claimed_today,
            (SELECT MAX(e.at) FROM ownership_events e WHERE e.customer_id = c.id AND e.from_user_id = ? AND e.type IN ('released', 'reclaimed')) AS last_lost_at
            ${holdings.columns}
     FROM customers c LEFT JOIN users lu ON lu.id = c.last_owner_id
     WHERE c.id = ?`,
    [claimerId, ...exemptLevels, claimerId, sqlTime(dayStart), claimerId, customerId],
  );
  const r = rows[0];
  const contactRows = await contacts;
  if (!r) return null;
  return {
    row: r, held: Number(r.held), claimedToday: Number(r.claimed_today), lastLostAt: fromSqlTime(r.last_lost_at),
    followers: holdings.read(r), relations: relationsFromContactRows(customerId, contactRows),
  };
}

/** The department path of a member (the owner of a customer someone tried to claim: its visibility). */
export async function departmentPathOf(sql: Sql, userId: number): Promise<string | null> {
  const rows = await sql.query<{ path: string }>('SELECT d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?', [userId]);
  return rows[0]?.path ?? null;
}

/** Who follows a customer with its owner (co-followers): for the visibility of an owned customer. */
export async function followerIdsOf(sql: Sql, customerId: number): Promise<number[]> {
  const rows = await sql.query<{ user_id: number | string }>('SELECT user_id FROM customer_followers WHERE customer_id = ?', [customerId]);
  return rows.map((r) => Number(r.user_id));
}
