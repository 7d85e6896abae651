import type { EntityManager } from 'typeorm';
import type { OwnershipEventType } from '../../entities/ownership-event.entity.ts';
import { ConflictError } from '../http/errors.ts';
import { asSql, placeholders, sqlTime, type Sql } from '../infra/db.ts';

/**
 * The one ownership operation (人走客不走): every change of a customer's owner — create,
 * claim, release, assign, transfer, a manager's reclaim, the reclaim sweep, a handover — goes
 * through changeOwner, which writes the owner columns, the co-followers, one ownership event per
 * customer (the history reps and managers read) and the audit rows, in the caller's transaction,
 * set-based: a sweep of thousands is a handful of statements.
 *
 * The caller decides (rules, visibility, caps) and holds the customers' row locks; changeOwner
 * re-checks the owner it was told (`from`) in the UPDATE itself, so a decision taken on a stale
 * read fails with 409 instead of overwriting a colleague's change.
 */
export interface OwnerChange {
  customerId: number;
  /** The owner the caller saw (null: in a pool). */
  from: number | null;
  /** The new owner; null sends the customer into `poolId`'s pool. */
  to: number | null;
  /** The pool after the change: the new owner's home pool, or the pool the customer returns to. */
  poolId: number;
  /** Why, in the history (a release reason, a rule's words, "超出持有上限… 由 王经理 指派"). */
  reason?: string | null;
  /** For the sweep: which pool rule fired. */
  rule?: string | null;
}

export type OwnerChangeType = Extract<OwnershipEventType, 'created' | 'claimed' | 'released' | 'reclaimed' | 'assigned' | 'transferred'>;

export interface OwnershipCause {
  type: OwnerChangeType;
  /** Who made the change; null for a job (the reclaim sweep). */
  by: { id: number; requestId?: string | null } | null;
  at: Date;
  /** The audit action (default `customer.<type>`). */
  auditAction?: string;
  /** Extra facts for the audit (an overridden cap, the request's reason). */
  auditDetails?: Record<string, unknown>;
}

export const ownershipMessages = {
  changedMeanwhile: '该客户的负责人刚刚发生了变化，请刷新后重试',
};

export class OwnerChangedError extends ConflictError {
  constructor() {
    super('CUSTOMER_OWNER_CHANGED', ownershipMessages.changedMeanwhile);
  }
}

/**
 * What else moves with a customer (its open opportunities, contracts, payment plans …): a
 * capability registers a follower from its module file; changeOwner calls every follower in the
 * same transaction, after the customers changed, with the same changes and cause.
 *
 * A follower may also say, as SQL, whether a customer has records of its own (`holds`): a caller
 * that reads the customer under its row lock anyway (the claim) asks that in the same read and
 * tells changeOwner which followers to call, so a customer with nothing to move costs no
 * statement per capability. Nothing can be added to a locked customer meanwhile.
 */
export type OwnershipFollower = (sql: Sql, changes: readonly OwnerChange[], cause: OwnershipCause) => Promise<void>;
/** SQL true when the customer whose id is `customerId` (an SQL expression) has records that follow its owner. */
export type FollowerHolds = (customerId: string) => string;
const followers = new Map<string, { follow: OwnershipFollower; holds: FollowerHolds | null }>();

/** How many capabilities follow ownership (each adds one statement to an ownership change). */
export function ownershipFollowerCount(): number {
  return followers.size;
}

/** Registers (or replaces) the follower of a capability, by name. */
export function followOwnership(name: string, follow: OwnershipFollower, holds?: FollowerHolds): void {
  followers.set(name, { follow, holds: holds ?? null });
}

/**
 * For a read of one customer (under its row lock): select-list columns saying which followers
 * hold records of that customer, and how to read them back into the names changeOwner takes
 * (`only`). A follower that cannot say is always listed.
 */
export function followerHoldings(customerId: string): { columns: string; read: (row: Record<string, unknown>) => ReadonlySet<string> } {
  const entries = [...followers].map(([name, f], i) => ({ name, column: `follows_${i}`, holds: f.holds }));
  const probed = entries.filter((e) => e.holds);
  return {
    columns: probed.map((e) => `, CASE WHEN ${e.holds!(customerId)} THEN 1 ELSE 0 END AS ${e.column}`).join(''),
    read: (row) => new Set(entries.filter((e) => !e.holds || Number(row[e.column]) === 1).map((e) => e.name)),
  };
}

const ROWS_PER_INSERT = 1000;
/** A batch's audit row lists its customers; beyond this it says how many (the events name each one). */
const AUDIT_IDS_MAX = 2000;
const REASON_MAX = 255;

/**
 * Applies the changes; returns the ids changed. Customers leaving an owner for a pool lose their
 * co-followers (the team goes with the owner); a new owner stops being a co-follower of what
 * they now own. Customers in a pool have no co-followers (entering one removes them), so a
 * change from a pool touches none.
 */
export async function changeOwner(
  tx: EntityManager | Sql, changes: readonly OwnerChange[], cause: OwnershipCause,
  opts: {
    /** Only these followers (followerHoldings); default: all. */
    followers?: ReadonlySet<string>;
    /**
     * The caller holds the customers' row locks and saw each one's owner be `from` under them, so
     * the owner update cannot miss a row: it is sent with the events, the audit row and the commit
     * instead of waiting for its row count (the claim). Without it a missed row is OwnerChangedError.
     */
    lockedAndChecked?: boolean;
  } = {},
): Promise<number[]> {
  if (!changes.length) return [];
  const sql = asSql(tx);
  const at = sqlTime(cause.at);
  const toPool = changes.filter((c) => c.to === null);
  const toOwner = changes.filter((c) => c.to !== null);

  // Customers entering a pool: one statement per pool (the sweep: a batch of one pool), each
  // customer's reason picked by a CASE when the reasons differ (the sweep's rules).
  for (const group of groupBy(toPool, (c) => String(c.poolId))) {
    const ids = group.map((c) => c.customerId);
    const reason = reasonCase(group);
    const affected = await sql.execute(
      // last_owner_id before owner_id: MariaDB evaluates single-table SET assignments left to right.
      `UPDATE customers SET last_owner_id = owner_id, owner_id = NULL, pool_id = ?, claimed_at = NULL, pool_entered_at = ?, pool_reason = ${reason.sql}, updated_at = ?
       WHERE id IN (${placeholders(ids.length)}) AND owner_id IS NOT NULL`,
      [group[0]!.poolId, at, ...reason.params, at, ...ids]);
    if (affected !== ids.length) throw new OwnerChangedError();
  }
  if (toPool.length) {
    for (const ids of chunks(toPool.map((c) => c.customerId), ROWS_PER_INSERT * 4)) {
      await sql.query(`DELETE FROM customer_followers WHERE customer_id IN (${placeholders(ids.length)})`, ids);
    }
  }

  // Customers coming to an owner: grouped by previous owner, new owner and pool.
  for (const group of groupBy(toOwner, (c) => `${c.from ?? ''}\u0000${c.to}\u0000${c.poolId}`)) {
    const ids = group.map((c) => c.customerId);
    const { from, to, poolId } = group[0]!;
    const update = `UPDATE customers SET owner_id = ?, pool_id = ?, claimed_at = ?, pool_entered_at = NULL, pool_reason = NULL, updated_at = ?
       WHERE id IN (${placeholders(ids.length)}) AND ${from === null ? 'owner_id IS NULL' : 'owner_id = ?'}`;
    const params = [to, poolId, at, at, ...ids, ...(from === null ? [] : [from])];
    if (opts.lockedAndChecked) await sql.write(update, params);
    else if (await sql.execute(update, params) !== ids.length) throw new OwnerChangedError();
    if (from !== null) {
      await sql.query(`DELETE FROM customer_followers WHERE user_id = ? AND customer_id IN (${placeholders(ids.length)})`, [to, ...ids]);
    }
  }

  const byId = cause.by?.id ?? null;
  for (const part of chunks(changes, ROWS_PER_INSERT)) {
    await sql.write(
      `INSERT INTO ownership_events (customer_id, type, from_user_id, to_user_id, by_user_id, reason, rule, at) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((c) => [c.customerId, cause.type, c.from, c.to, byId, c.reason ? clip(c.reason) : null, c.rule ?? null, at]),
    );
  }
  await auditChanges(sql, changes, cause);
  for (const [name, { follow }] of followers) if (!opts.followers || opts.followers.has(name)) await follow(sql, changes, cause);
  return changes.map((c) => c.customerId);
}

/**
 * One audit row per customer for a person's action (its before and after), one per call for a
 * batch (the sweep, a handover): which customers, why and by whom; the events hold the detail.
 */
async function auditChanges(sql: Sql, changes: readonly OwnerChange[], cause: OwnershipCause): Promise<void> {
  const action = cause.auditAction ?? `customer.${cause.type}`;
  const actorId = cause.by?.id ?? null;
  const requestId = cause.by?.requestId ?? null;
  const at = sqlTime(cause.at);
  const rows: unknown[][] = changes.length === 1
    ? changes.map((c) => [actorId, action, 'customer', String(c.customerId),
      JSON.stringify({ ownerId: c.from }),
      JSON.stringify({ ownerId: c.to, poolId: c.poolId, ...(c.reason ? { reason: c.reason } : {}), ...(c.rule ? { rule: c.rule } : {}), ...cause.auditDetails }),
      requestId, at])
    : [[actorId, action, 'customers', `${cause.type}:${changes.length}`, null,
      JSON.stringify({
        count: changes.length,
        ...(changes.length <= AUDIT_IDS_MAX ? { customerIds: changes.map((c) => c.customerId) } : { firstIds: changes.slice(0, 100).map((c) => c.customerId) }),
        owners: [...new Set(changes.map((c) => c.to))].slice(0, 100),
        ...cause.auditDetails,
      }),
      requestId, at]];
  await sql.write(
    `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before_json, after_json, request_id, at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    rows.flat(),
  );
}

/**
 * The pool_reason of a group entering one pool: a parameter when all share one reason, else a
 * CASE over the ids of every reason but the commonest (which is the ELSE).
 */
function reasonCase(group: readonly OwnerChange[]): { sql: string; params: unknown[] } {
  const byReason = groupBy(group, (c) => c.reason ?? '').sort((a, b) => b.length - a.length);
  const value = (c: OwnerChange) => (c.reason ? clip(c.reason) : null);
  if (byReason.length === 1) return { sql: '?', params: [value(group[0]!)] };
  const [commonest, ...rest] = byReason;
  return {
    sql: `CASE ${rest.map((g) => `WHEN id IN (${placeholders(g.length)}) THEN ?`).join(' ')} ELSE ? END`,
    params: [...rest.flatMap((g) => [...g.map((c) => c.customerId), value(g[0]!)]), value(commonest![0]!)],
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function clip(text: string): string {
  const chars = [...text];
  return chars.length <= REASON_MAX ? text : `${chars.slice(0, REASON_MAX - 1).join('')}…`;
}
