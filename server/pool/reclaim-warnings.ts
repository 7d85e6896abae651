import type { CustomerLevel } from '../../entities/customer.entity.ts';
import { notifyMany, type NotifyEvent } from '../notifications/notify.ts';
import { reclaimWarning } from './pool.notifications.ts';
import { fromSqlTime as toDate, type Database } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { poolsWithPaths, rulesOf } from '../ownership/pools.repository.ts';
import { calendarDaysBetween } from '../ownership/rules/business-calendar.ts';
import { dueConditionSql } from '../ownership/rules/due-condition.ts';
import { reclaimDueAt, warningCycleKey, warningOpensAt } from '../ownership/rules/reclaim-due.ts';
import { reclaimReason } from '../ownership/rules/pool-rules.ts';

export interface WarningsOptions {
  now: Date;
  tz: string;
  dryRun?: boolean;
  logger?: Logger;
}

export interface WarningsResult {
  job: 'reclaim-warnings';
  now: string;
  dryRun: boolean;
  /** Customers in their warning window now. */
  inWindow: number;
  /** Warnings newly queued (the rest were queued earlier in the same cycle). */
  affected: number;
  sample: Array<{ customerId: string; name: string; toUser: string; dueAt: string; daysLeft: number }>;
  ms: number;
}

interface Row {
  id: number | string;
  name: string;
  level: CustomerLevel;
  claimed_at: string | Date;
  last_follow_up_at: string | Date | null;
  last_deal_at: string | Date | null;
  owner_id: number | string;
  wecom_user_id: string;
}


/**
 * Selects the owned customers entering their warning window and queues one warning per
 * customer per cycle into the outbox. The dedupe key names the cycle (the due day and rule),
 * so reruns queue nothing new and a follow-up that moves the due day starts a new cycle.
 */
export async function queueReclaimWarnings(db: Database, opts: WarningsOptions): Promise<WarningsResult> {
  const started = performance.now();
  const result: WarningsResult = { job: 'reclaim-warnings', now: opts.now.toISOString(), dryRun: !!opts.dryRun, inWindow: 0, affected: 0, sample: [], ms: 0 };
  for (const { pool } of await poolsWithPaths(db.manager)) {
    const rules = rulesOf(pool);
    const cond = dueConditionSql(pool.id, rules, opts.now, opts.tz, rules.warnDaysBefore);
    const dueNow = dueConditionSql(pool.id, rules, opts.now, opts.tz);
    // Index-only (idx_customers_pool_due): due within the window but not due yet. (COALESCE: the
    // condition can be NULL rather than false, e.g. the no-repeat-deal part when last_deal_at is NULL.)
    const facts: Array<Omit<Row, 'name' | 'wecom_user_id'>> = await db.manager.query(
      `SELECT c.id, c.level, c.claimed_at, c.last_follow_up_at, c.last_deal_at, c.owner_id FROM customers c
       WHERE ${cond.sql} AND COALESCE((${dueNow.sql}), 0) = 0`,
      [...cond.params, ...dueNow.params],
    );
    const ids = facts.filter((row) => {
      const due = reclaimDueAt({ level: row.level, claimedAt: toDate(row.claimed_at)!, lastFollowUpAt: toDate(row.last_follow_up_at), lastDealAt: toDate(row.last_deal_at) }, rules, opts.tz);
      return !!due && due.at > opts.now && warningOpensAt(due.at, rules, opts.tz) <= opts.now;
    }).map((r) => Number(r.id)).sort((a, b) => a - b);
    // Names and recipients for those only, in id order (row lookups only for the window);
    // a dry run queues nothing: it counts, and reads them for its sample only.
    const rows: Row[] = [];
    if (opts.dryRun) {
      result.inWindow += ids.length;
      ids.splice(Math.max(0, 10 - result.sample.length));
    }
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      rows.push(...await db.manager.query(
        `SELECT c.id, c.name, c.level, c.claimed_at, c.last_follow_up_at, c.last_deal_at, c.owner_id, u.wecom_user_id
         FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.id IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      ));
    }
    const entries: Array<NotifyEvent<typeof reclaimWarning>> = [];
    for (const row of rows) {
      const lastFollowUpAt = toDate(row.last_follow_up_at);
      const claimedAt = toDate(row.claimed_at)!;
      const due = reclaimDueAt({ level: row.level, claimedAt, lastFollowUpAt, lastDealAt: toDate(row.last_deal_at) }, rules, opts.tz);
      // Already due: the sweep takes it back; a warning would arrive too late to act on.
      if (!due || due.at <= opts.now || warningOpensAt(due.at, rules, opts.tz) > opts.now) continue;
      const daysLeft = calendarDaysBetween(opts.now, due.at, opts.tz);
      entries.push({
        dedupeKey: warningCycleKey(Number(row.id), due, opts.tz),
        to: [row.wecom_user_id],
        customerId: Number(row.id),
        payload: {
          customerId: String(row.id), customerName: row.name, ownerId: String(row.owner_id), dueAt: due.at.toISOString(),
          rule: due.rule, reason: reclaimReason(due.rule, rules, !lastFollowUpAt || lastFollowUpAt < claimedAt), daysLeft, lastFollowUpAt: lastFollowUpAt?.toISOString() ?? null,
        },
      });
      if (result.sample.length < 10) {
        result.sample.push({ customerId: String(row.id), name: row.name, toUser: row.wecom_user_id, dueAt: due.at.toISOString(), daysLeft });
      }
    }
    if (!opts.dryRun) result.inWindow += entries.length;
    if (!opts.dryRun && entries.length) {
      result.affected += await db.tx((em) => notifyMany(em, reclaimWarning, entries, opts.now));
    }
  }
  result.ms = Math.round(performance.now() - started);
  opts.logger?.info({ ...result, sample: undefined }, `reclaim warnings: ${result.inWindow} in window, ${result.affected} newly queued`);
  return result;
}
