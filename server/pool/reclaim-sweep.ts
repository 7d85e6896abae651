import type { EntityManager } from 'typeorm';
import type { CustomerLevel } from '../../entities/customer.entity.ts';
import { execute, forUpdate, fromSqlTime as toDate, placeholders, sqlTime, type Database } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { poolsWithPaths, rulesOf } from '../ownership/pools.repository.ts';
import { notifyMany, type NotifyEvent } from '../notifications/notify.ts';
import { reclaimed } from './pool.notifications.ts';
import { dueConditionSql } from '../ownership/rules/due-condition.ts';
import { reclaimDueAt } from '../ownership/rules/reclaim-due.ts';
import { reclaimReason, type PoolRules, type ReclaimRule } from '../ownership/rules/pool-rules.ts';

export interface SweepOptions {
  now: Date;
  tz: string;
  dryRun?: boolean;
  /** Customers per transaction. */
  batchSize?: number;
  logger?: Logger;
  /** Test hook: called after each committed batch (a throw simulates a crash mid-sweep). */
  afterBatch?: (batch: number) => void | Promise<void>;
}

export interface SweepSample {
  customerId: string;
  name: string;
  ownerId: string;
  rule: ReclaimRule;
  dueAt: string;
}

export interface SweepResult {
  job: 'reclaim';
  now: string;
  dryRun: boolean;
  affected: number;
  byRule: Record<ReclaimRule, number>;
  pools: number;
  batches: number;
  sample: SweepSample[];
  ms: number;
}

interface DueRow {
  id: number | string;
  owner_id: number | string;
  level: CustomerLevel;
  claimed_at: string | Date;
  last_follow_up_at: string | Date | null;
  last_deal_at: string | Date | null;
}

const SAMPLE_SIZE = 10;
const EVENTS_PER_INSERT = 500;

/**
 * The reclaim sweep (公海回收). Set-based: per pool one query selects the due customers,
 * then each batch of them is reclaimed in one transaction with a bounded number of
 * statements (lock and re-check, events, owner update, co-followers). Idempotent — a
 * reclaimed customer no longer matches — and crash-safe: a sweep killed between batches
 * and run again ends where one uninterrupted sweep would.
 */
export async function runReclaimSweep(db: Database, opts: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const batchSize = opts.batchSize ?? 2000;
  const result: SweepResult = {
    job: 'reclaim', now: opts.now.toISOString(), dryRun: !!opts.dryRun, affected: 0,
    byRule: { no_follow_up: 0, no_deal: 0, no_repeat_deal: 0 }, pools: 0, batches: 0, sample: [], ms: 0,
  };
  const pools = await poolsWithPaths(db.manager);
  result.pools = pools.length;
  for (const { pool } of pools) {
    const rules = rulesOf(pool);
    const cond = dueConditionSql(pool.id, rules, opts.now, opts.tz);
    const ids: Array<{ id: number | string }> = await db.manager.query(`SELECT c.id AS id FROM customers c WHERE ${cond.sql} ORDER BY c.id`, cond.params);
    if (opts.dryRun) {
      await dryRunPool(db.manager, ids.map((r) => Number(r.id)), rules, opts, result);
      continue;
    }
    for (let i = 0; i < ids.length; i += batchSize) {
      const batch = ids.slice(i, i + batchSize).map((r) => Number(r.id));
      const counts = await db.tx((em) => reclaimBatch(em, db.kind, batch, pool.id, rules, opts));
      for (const [rule, n] of Object.entries(counts) as Array<[ReclaimRule, number]>) {
        result.byRule[rule] += n;
        result.affected += n;
      }
      result.batches++;
      await opts.afterBatch?.(result.batches);
    }
  }
  result.ms = Math.round(performance.now() - started);
  opts.logger?.info(
    { job: 'reclaim', now: result.now, dryRun: result.dryRun, affected: result.affected, byRule: result.byRule, pools: result.pools, batches: result.batches, ms: result.ms },
    `reclaim sweep: ${result.dryRun ? 'would reclaim' : 'reclaimed'} ${result.affected} customers in ${result.ms} ms`,
  );
  return result;
}

async function reclaimBatch(
  em: EntityManager, kind: 'sqlite' | 'mysql', ids: number[], poolId: number, rules: PoolRules, opts: SweepOptions,
): Promise<Record<ReclaimRule, number>> {
  // Re-check under lock: a follow-up committed since the selection keeps its customer.
  const cond = dueConditionSql(poolId, rules, opts.now, opts.tz);
  const rows: Array<DueRow & { name: string }> = await em.query(
    `SELECT c.id, c.name, c.owner_id, c.level, c.claimed_at, c.last_follow_up_at, c.last_deal_at FROM customers c
     WHERE c.id IN (${placeholders(ids.length)}) AND ${cond.sql}${forUpdate(kind)}`,
    [...ids, ...cond.params],
  );
  const byRule: Record<ReclaimRule, number[]> = { no_follow_up: [], no_deal: [], no_repeat_deal: [] };
  const events: unknown[][] = [];
  const notices: Array<{ customerId: number; name: string; ownerId: number; reason: string }> = [];
  const at = sqlTime(opts.now);
  for (const row of rows) {
    const due = reclaimDueAt({
      level: row.level, claimedAt: toDate(row.claimed_at)!, lastFollowUpAt: toDate(row.last_follow_up_at), lastDealAt: toDate(row.last_deal_at),
    }, rules, opts.tz);
    if (!due || due.at > opts.now) continue; // cannot happen while SQL and rules agree; never reclaim on doubt
    byRule[due.rule].push(Number(row.id));
    events.push([Number(row.id), 'reclaimed', Number(row.owner_id), null, null, reclaimReason(due.rule, rules), due.rule, at]);
    notices.push({ customerId: Number(row.id), name: row.name, ownerId: Number(row.owner_id), reason: reclaimReason(due.rule, rules) });
  }
  for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) {
    const chunk = events.slice(i, i + EVENTS_PER_INSERT);
    await em.query(
      `INSERT INTO ownership_events (customer_id, type, from_user_id, to_user_id, by_user_id, reason, rule, at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flat(),
    );
  }
  const counts = { no_follow_up: 0, no_deal: 0, no_repeat_deal: 0 };
  for (const [rule, ruleIds] of Object.entries(byRule) as Array<[ReclaimRule, number[]]>) {
    if (!ruleIds.length) continue;
    counts[rule] = await execute(
      em,
      `UPDATE customers SET last_owner_id = owner_id, owner_id = NULL, claimed_at = NULL, pool_entered_at = ?, pool_reason = ?, updated_at = ?
       WHERE id IN (${placeholders(ruleIds.length)})`,
      [at, reclaimReason(rule, rules), at, ...ruleIds],
    );
  }
  const reclaimed = [...byRule.no_follow_up, ...byRule.no_deal, ...byRule.no_repeat_deal];
  // The team of a customer in the pool is gone with its owner.
  if (reclaimed.length) await em.query(`DELETE FROM customer_followers WHERE customer_id IN (${placeholders(reclaimed.length)})`, reclaimed);
  await queueReclaimedNotices(em, kind, notices, opts.now);
  return counts;
}

/** Tells each previous (active) owner, in the same transaction; many at once become a digest. */
async function queueReclaimedNotices(
  em: EntityManager, kind: 'sqlite' | 'mysql', notices: Array<{ customerId: number; name: string; ownerId: number; reason: string }>, now: Date,
): Promise<void> {
  if (!notices.length) return;
  const ownerIds = [...new Set(notices.map((n) => n.ownerId))];
  const owners: Array<{ id: number; wecom_user_id: string }> = await em.query(
    `SELECT id, wecom_user_id FROM users WHERE status = 'active' AND id IN (${placeholders(ownerIds.length)})`, ownerIds);
  const wecomIds = new Map(owners.map((o) => [Number(o.id), o.wecom_user_id]));
  const entries: Array<NotifyEvent<typeof reclaimed>> = [];
  for (const n of notices) {
    const toUser = wecomIds.get(n.ownerId);
    if (!toUser) continue;
    entries.push({
      dedupeKey: `reclaimed:${n.customerId}:${now.toISOString()}`, to: [toUser], customerId: n.customerId,
      payload: { customerId: String(n.customerId), customerName: n.name, reason: n.reason, at: now.toISOString() },
    });
  }
  await notifyMany(em, reclaimed, entries, now);
}

async function dryRunPool(em: EntityManager, ids: number[], rules: PoolRules, opts: SweepOptions, result: SweepResult): Promise<void> {
  for (let i = 0; i < ids.length; i += 2000) {
    const batch = ids.slice(i, i + 2000);
    const rows: Array<DueRow & { name: string }> = await em.query(
      `SELECT c.id, c.name, c.owner_id, c.level, c.claimed_at, c.last_follow_up_at, c.last_deal_at FROM customers c WHERE c.id IN (${placeholders(batch.length)})`,
      batch,
    );
    for (const row of rows) {
      const due = reclaimDueAt({
        level: row.level, claimedAt: toDate(row.claimed_at)!, lastFollowUpAt: toDate(row.last_follow_up_at), lastDealAt: toDate(row.last_deal_at),
      }, rules, opts.tz);
      if (!due || due.at > opts.now) continue;
      result.byRule[due.rule]++;
      result.affected++;
      if (result.sample.length < SAMPLE_SIZE) {
        result.sample.push({ customerId: String(row.id), name: row.name, ownerId: String(row.owner_id), rule: due.rule, dueAt: due.at.toISOString() });
      }
    }
  }
}
