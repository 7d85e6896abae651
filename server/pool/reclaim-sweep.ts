import type { EntityManager } from 'typeorm';
import type { CustomerLevel } from '../../entities/customer.entity.ts';
import { readSetting, writeSetting } from '../infra/app-settings.repository.ts';
import { forUpdate, fromSqlTime as toDate, placeholders, sqlTime, type Database } from '../infra/db.ts';
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

/** The last sweep whose cards were all queued: a crashed sweep's reclaimed customers are told by the next run. */
export const RECLAIM_NOTIFIED_KEY = 'reclaim.notified_until';

/**
 * The reclaim sweep (公海回收). Set-based: per pool one query selects the due customers, and each
 * batch of them (in id order, so a batch reads and writes neighbouring rows) is reclaimed in one
 * transaction through the one ownership operation (owner columns, co-followers, events, an
 * audit row) with a bounded number of statements. The owners hear once per sweep: after the
 * batches, one transaction queues one card per owner from the sweep's own events (the customer's
 * card, or a digest of several) and moves a watermark, so a sweep killed between batches and run
 * again tells everyone — once — and ends where one uninterrupted sweep would. Idempotent: a
 * reclaimed customer no longer matches.
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
  const names = new Map<number, string>();
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
      const counts = await db.tx((em) => reclaimBatch(em, db.kind, batch, pool.id, rules, opts, names));
      for (const [rule, n] of Object.entries(counts) as Array<[ReclaimRule, number]>) {
        result.byRule[rule] += n;
        result.affected += n;
      }
      result.batches++;
      await opts.afterBatch?.(result.batches);
    }
  }
  if (!opts.dryRun) await db.tx((em) => queueReclaimedCards(em, opts.now, names));
  result.ms = Math.round(performance.now() - started);
  opts.logger?.info(
    { job: 'reclaim', now: result.now, dryRun: result.dryRun, affected: result.affected, byRule: result.byRule, pools: result.pools, batches: result.batches, ms: result.ms },
    `reclaim sweep: ${result.dryRun ? 'would reclaim' : 'reclaimed'} ${result.affected} customers in ${result.ms} ms`,
  );
  return result;
}

async function reclaimBatch(
  em: EntityManager, kind: 'sqlite' | 'mysql', ids: number[], poolId: number, rules: PoolRules, opts: SweepOptions, names: Map<number, string>,
): Promise<Record<ReclaimRule, number>> {
  // Re-check under lock: a follow-up committed since the selection keeps its customer.
  const cond = dueConditionSql(poolId, rules, opts.now, opts.tz);
  const rows: Array<DueRow & { name: string }> = await em.query(
    `SELECT c.id, c.name, c.owner_id, c.level, c.claimed_at, c.last_follow_up_at, c.last_deal_at FROM customers c
     WHERE c.id IN (${placeholders(ids.length)}) AND ${cond.sql}${forUpdate(kind)}`,
    [...ids, ...cond.params],
  );
  const counts = { no_follow_up: 0, no_deal: 0, no_repeat_deal: 0 };
  const changes: OwnerChange[] = [];
  for (const row of rows) {
    const due = reclaimDueAt({
      level: row.level, claimedAt: toDate(row.claimed_at)!, lastFollowUpAt: toDate(row.last_follow_up_at), lastDealAt: toDate(row.last_deal_at),
    }, rules, opts.tz);
    if (!due || due.at > opts.now) continue; // cannot happen while SQL and rules agree; never reclaim on doubt
    counts[due.rule]++;
    changes.push({ customerId: Number(row.id), from: Number(row.owner_id), to: null, poolId, reason: reclaimReason(due.rule, rules), rule: due.rule });
    names.set(Number(row.id), row.name);
  }
  await changeOwner(em, changes, { type: 'reclaimed', by: null, at: opts.now, auditAction: 'customer.reclaim.sweep' });
  return counts;
}

/** Cards listed in one digest; the digest says how many went in all. */
const DIGEST_LISTED = 20;

/**
 * One card per owner per sweep, from the sweeps' own events since the watermark (this run's, and
 * a crashed earlier run's): the customer's own `reclaimed` card for one, a `reclaimed-digest` for
 * several. Keyed by owner and sweep time, so nothing is told twice. Served by
 * idx_ownership_events_to_type_at (a reclaim has no new owner).
 */
async function queueReclaimedCards(em: EntityManager, now: Date, names: Map<number, string>): Promise<void> {
  const notified = await readSetting(em, RECLAIM_NOTIFIED_KEY);
  // Since the last sweep that told everyone; without one (or with a clock set back) this sweep's own events.
  const mark = notified ? new Date(notified) : null;
  const since = mark && mark <= now ? mark : null;
  const events = await em.query(
    `SELECT e.from_user_id, e.customer_id, e.reason, e.at FROM ownership_events e
      WHERE e.to_user_id IS NULL AND e.type = 'reclaimed' AND e.at ${since ? '>' : '>='} ? AND e.at <= ? AND e.by_user_id IS NULL ORDER BY e.id`,
    [sqlTime(since ?? now), sqlTime(now)]) as Array<{ from_user_id: number | string; customer_id: number | string; reason: string | null; at: string | Date }>;
  const missing = [...new Set(events.map((e) => Number(e.customer_id)).filter((id) => !names.has(id)))];
  for (let i = 0; i < missing.length; i += 500) {
    const part = missing.slice(i, i + 500);
    const rows = await em.query(`SELECT id, name FROM customers WHERE id IN (${placeholders(part.length)})`, part) as Array<{ id: number | string; name: string }>;
    for (const r of rows) names.set(Number(r.id), r.name);
  }
  const bySweep = new Map<string, { ownerId: number; at: Date; lost: Array<{ customerId: number; reason: string }> }>();
  for (const e of events) {
    const at = toDate(e.at)!;
    const key = `${e.from_user_id}@${at.toISOString()}`;
    const entry = bySweep.get(key) ?? { ownerId: Number(e.from_user_id), at, lost: [] };
    entry.lost.push({ customerId: Number(e.customer_id), reason: e.reason ?? '' });
    bySweep.set(key, entry);
  }
  const ownerIds = [...new Set([...bySweep.values()].map((s) => s.ownerId))];
  const owners = new Map<number, string>();
  for (let i = 0; i < ownerIds.length; i += 500) {
    const part = ownerIds.slice(i, i + 500);
    const rows = await em.query(`SELECT id, wecom_user_id FROM users WHERE status = 'active' AND id IN (${placeholders(part.length)})`, part) as Array<{ id: number | string; wecom_user_id: string }>;
    for (const r of rows) owners.set(Number(r.id), r.wecom_user_id);
  }
  const single: Array<NotifyEvent<typeof reclaimed>> = [];
  const digests: Array<NotifyEvent<typeof reclaimedDigest>> = [];
  for (const { ownerId, at, lost } of bySweep.values()) {
    const to = owners.get(ownerId);
    if (!to) continue; // someone who left: their handover tells the managers
    const dedupeKey = `reclaimed:${ownerId}:${at.toISOString()}`;
    if (lost.length === 1) {
      const n = lost[0]!;
      single.push({ dedupeKey, to: [to], customerId: n.customerId, payload: { customerId: String(n.customerId), customerName: names.get(n.customerId) ?? '', reason: n.reason, at: at.toISOString() } });
    } else {
      digests.push({
        dedupeKey, to: [to],
        payload: {
          customers: lost.slice(0, DIGEST_LISTED).map((n) => ({ customerId: String(n.customerId), customerName: names.get(n.customerId) ?? '', reason: n.reason })),
          total: lost.length, at: at.toISOString(),
        },
      });
    }
  }
  for (let i = 0; i < single.length; i += 1000) await notifyMany(em, reclaimed, single.slice(i, i + 1000), now);
  for (let i = 0; i < digests.length; i += 1000) await notifyMany(em, reclaimedDigest, digests.slice(i, i + 1000), now);
  // The mark never moves back (a simulator clock set back does not un-tell anyone).
  const watermark = mark && mark > now ? mark : now;
  await writeSetting(em, RECLAIM_NOTIFIED_KEY, watermark.toISOString(), now);
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
