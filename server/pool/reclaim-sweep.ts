import type { EntityManager } from 'typeorm';
import type { CustomerLevel } from '../../entities/customer.entity.ts';
import { forUpdate, fromSqlTime as toDate, placeholders, type Database } from '../infra/db.ts';
import { changeOwner, type OwnerChange } from '../ownership/change-owner.ts';
import type { Logger } from '../infra/logger.ts';
import { poolsWithPaths, rulesOf } from '../ownership/pools.repository.ts';
import { notifyMany, type NotifyEvent } from '../notifications/notify.ts';
import { reclaimed, reclaimedDigest } from './pool.notifications.ts';
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

/**
 * The reclaim sweep (公海回收). Set-based: per pool one query selects the due customers; they
 * are cut into batches at owner boundaries (an owner's customers fall in one batch, so each
 * owner hears about a sweep once), and each batch is reclaimed in one transaction through the
 * one ownership operation (owner columns, co-followers, events, an audit row) with a bounded
 * number of statements. Idempotent — a reclaimed customer no longer matches — and crash-safe:
 * a sweep killed between batches and run again ends where one uninterrupted sweep would.
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
  const due: DueId[] = [];
  const rulesByPool = new Map<number, PoolRules>();
  for (const { pool } of pools) {
    const rules = rulesOf(pool);
    rulesByPool.set(pool.id, rules);
    const cond = dueConditionSql(pool.id, rules, opts.now, opts.tz);
    const ids: Array<{ id: number | string; owner_id: number | string }> = await db.manager.query(`SELECT c.id AS id, c.owner_id AS owner_id FROM customers c WHERE ${cond.sql}`, cond.params);
    if (opts.dryRun) {
      await dryRunPool(db.manager, ids.map((r) => Number(r.id)).sort((a, b) => a - b), rules, opts, result);
      continue;
    }
    for (const r of ids) due.push({ id: Number(r.id), ownerId: Number(r.owner_id), poolId: pool.id });
  }
  for (const batch of batchesByOwner(due, batchSize)) {
    const counts = await db.tx((em) => reclaimBatch(em, db.kind, batch, rulesByPool, opts));
    for (const [rule, n] of Object.entries(counts) as Array<[ReclaimRule, number]>) {
      result.byRule[rule] += n;
      result.affected += n;
    }
    result.batches++;
    await opts.afterBatch?.(result.batches);
  }
  result.ms = Math.round(performance.now() - started);
  opts.logger?.info(
    { job: 'reclaim', now: result.now, dryRun: result.dryRun, affected: result.affected, byRule: result.byRule, pools: result.pools, batches: result.batches, ms: result.ms },
    `reclaim sweep: ${result.dryRun ? 'would reclaim' : 'reclaimed'} ${result.affected} customers in ${result.ms} ms`,
  );
  return result;
}

interface DueId { id: number; ownerId: number; poolId: number }

/** Batches of about `size` customers, never splitting one owner's customers (pure). */
export function batchesByOwner(due: readonly DueId[], size: number): DueId[][] {
  const sorted = [...due].sort((a, b) => a.ownerId - b.ownerId || a.id - b.id);
  const batches: DueId[][] = [];
  let current: DueId[] = [];
  for (let i = 0; i < sorted.length; i++) {
    current.push(sorted[i]!);
    const ownerEnds = i + 1 === sorted.length || sorted[i + 1]!.ownerId !== sorted[i]!.ownerId;
    if (ownerEnds && current.length >= size) {
      batches.push(current);
      current = [];
    }
  }
  if (current.length) batches.push(current);
  return batches;
}

async function reclaimBatch(
  em: EntityManager, kind: 'sqlite' | 'mysql', batch: DueId[], rulesByPool: Map<number, PoolRules>, opts: SweepOptions,
): Promise<Record<ReclaimRule, number>> {
  const counts = { no_follow_up: 0, no_deal: 0, no_repeat_deal: 0 };
  const changes: OwnerChange[] = [];
  const notices: Array<{ customerId: number; name: string; ownerId: number; reason: string }> = [];
  for (const [poolId, ofPool] of groupByPool(batch)) {
    const rules = rulesByPool.get(poolId)!;
    const ids = ofPool.map((d) => d.id);
    // Re-check under lock: a follow-up committed since the selection keeps its customer.
    const cond = dueConditionSql(poolId, rules, opts.now, opts.tz);
    const rows: Array<DueRow & { name: string }> = await em.query(
      `SELECT c.id, c.name, c.owner_id, c.level, c.claimed_at, c.last_follow_up_at, c.last_deal_at FROM customers c
       WHERE c.id IN (${placeholders(ids.length)}) AND ${cond.sql}${forUpdate(kind)}`,
      [...ids, ...cond.params],
    );
    for (const row of rows) {
      const due = reclaimDueAt({
        level: row.level, claimedAt: toDate(row.claimed_at)!, lastFollowUpAt: toDate(row.last_follow_up_at), lastDealAt: toDate(row.last_deal_at),
      }, rules, opts.tz);
      if (!due || due.at > opts.now) continue; // cannot happen while SQL and rules agree; never reclaim on doubt
      const reason = reclaimReason(due.rule, rules);
      counts[due.rule]++;
      changes.push({ customerId: Number(row.id), from: Number(row.owner_id), to: null, poolId, reason, rule: due.rule });
      notices.push({ customerId: Number(row.id), name: row.name, ownerId: Number(row.owner_id), reason });
    }
  }
  await changeOwner(em, changes, { type: 'reclaimed', by: null, at: opts.now, auditAction: 'customer.reclaim.sweep' });
  await queueReclaimedNotices(em, notices, opts.now);
  return counts;
}

function groupByPool(batch: readonly DueId[]): Map<number, DueId[]> {
  const byPool = new Map<number, DueId[]>();
  for (const d of batch) {
    const list = byPool.get(d.poolId);
    if (list) list.push(d);
    else byPool.set(d.poolId, [d]);
  }
  return byPool;
}

/**
 * Tells each previous (active) owner, in the same transaction: one card per owner per sweep —
 * the customer's own card when it was one, a digest of them when it was several.
 */
async function queueReclaimedNotices(
  em: EntityManager, notices: Array<{ customerId: number; name: string; ownerId: number; reason: string }>, now: Date,
): Promise<void> {
  if (!notices.length) return;
  const byOwner = new Map<number, typeof notices>();
  for (const n of notices) {
    const list = byOwner.get(n.ownerId);
    if (list) list.push(n);
    else byOwner.set(n.ownerId, [n]);
  }
  const ownerIds = [...byOwner.keys()];
  const owners: Array<{ id: number; wecom_user_id: string }> = await em.query(
    `SELECT id, wecom_user_id FROM users WHERE status = 'active' AND id IN (${placeholders(ownerIds.length)})`, ownerIds);
  const single: Array<NotifyEvent<typeof reclaimed>> = [];
  const digests: Array<NotifyEvent<typeof reclaimedDigest>> = [];
  for (const owner of owners) {
    const lost = byOwner.get(Number(owner.id))!;
    const dedupeKey = `reclaimed:${owner.id}:${now.toISOString()}`;
    if (lost.length === 1) {
      const n = lost[0]!;
      single.push({ dedupeKey, to: [owner.wecom_user_id], customerId: n.customerId, payload: { customerId: String(n.customerId), customerName: n.name, reason: n.reason, at: now.toISOString() } });
    } else {
      digests.push({
        dedupeKey, to: [owner.wecom_user_id],
        payload: { customers: lost.slice(0, 20).map((n) => ({ customerId: String(n.customerId), customerName: n.name, reason: n.reason })), total: lost.length, at: now.toISOString() },
      });
    }
  }
  await notifyMany(em, reclaimed, single, now);
  await notifyMany(em, reclaimedDigest, digests, now);
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
