import type { EntityManager } from 'typeorm';
import { notifyMany, type NotifyEvent } from '../notifications/notify.ts';
import { forgottenCustomer } from './reminders.notifications.ts';
import { fromSqlTime, sqlTime, type Database } from '../infra/db.ts';
import { businessDate } from '../infra/time.ts';
import type { Logger } from '../infra/logger.ts';
import { calendarDaysBetween, startOfDayAfter } from '../ownership/rules/business-calendar.ts';
import { latestFollowUpSummaries } from '../follow-ups/latest-follow-up.repository.ts';

/** At most one forgotten-customer card per customer in this many days. */
export const FORGOTTEN_CARD_EVERY_DAYS = 30;

export interface ForgottenCustomer {
  customerId: string;
  customerName: string;
  ownerId: string;
  ownerName: string;
  ownerWecomUserId: string;
  level: string;
  /** Whole business days since the last contact (or since it was created, never contacted). */
  days: number;
  lastFollowUpAt: string | null;
  lastFollowUpSummary: string | null;
}

/** "Forgotten": owned and not contacted for `days` whole business days (a customer never contacted counts from its creation). */
export function forgottenCutoff(now: Date, days: number, tz: string): Date {
  return startOfDayAfter(now, -days + 1, tz);
}


/** Owned customers nobody has contacted since the cutoff, longest-forgotten first. */
export async function selectForgotten(
  em: EntityManager,
  opts: { now: Date; days: number; tz: string; ownerId?: number; limit?: number; excludeCardedWithinDays?: number },
): Promise<ForgottenCustomer[]> {
  const cutoff = sqlTime(forgottenCutoff(opts.now, opts.days, opts.tz));
  const where = ['c.owner_id IS NOT NULL', "u.status = 'active'", '((c.last_follow_up_at IS NULL AND c.created_at < ?) OR c.last_follow_up_at < ?)'];
  const params: unknown[] = [cutoff, cutoff];
  if (opts.ownerId !== undefined) { where.push('c.owner_id = ?'); params.push(opts.ownerId); }
  if (opts.excludeCardedWithinDays) {
    where.push("NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.customer_id = c.id AND o.kind = 'forgotten-customer' AND o.created_at >= ?)");
    params.push(sqlTime(startOfDayAfter(opts.now, -opts.excludeCardedWithinDays + 1, opts.tz)));
  }
  const rows: Array<{ id: number; name: string; level: string; owner_id: number; owner_name: string; wecom_user_id: string; last_follow_up_at: string | Date | null; created_at: string | Date }> =
    await em.query(
      `SELECT c.id, c.name, c.level, c.owner_id, u.name AS owner_name, u.wecom_user_id, c.last_follow_up_at, c.created_at
       FROM customers c JOIN users u ON u.id = c.owner_id
       WHERE ${where.join(' AND ')}
       ORDER BY CASE WHEN c.last_follow_up_at IS NULL THEN 0 ELSE 1 END, c.last_follow_up_at, c.id
       ${opts.limit ? `LIMIT ${opts.limit}` : ''}`,
      params,
    );
  if (!rows.length) return [];
  const summaries = await latestFollowUpSummaries(em, rows.map((r) => Number(r.id)));
  return rows.map((r) => {
    const last = fromSqlTime(r.last_follow_up_at);
    return {
      customerId: String(r.id), customerName: r.name, ownerId: String(r.owner_id), ownerName: r.owner_name, ownerWecomUserId: r.wecom_user_id,
      level: r.level, days: calendarDaysBetween(last ?? fromSqlTime(r.created_at), opts.now, opts.tz),
      lastFollowUpAt: last?.toISOString() ?? null, lastFollowUpSummary: summaries.get(Number(r.id)) ?? null,
    };
  });
}

export interface ForgottenJobResult {
  job: 'forgotten-customers';
  now: string;
  dryRun: boolean;
  forgotten: number;
  affected: number;
  ms: number;
}

/** Queues a forgotten-customer card per customer (at most one per customer per 30 days). */
export async function queueForgottenCards(db: Database, opts: { now: Date; tz: string; days: number; dryRun?: boolean; logger?: Logger }): Promise<ForgottenJobResult> {
  const started = performance.now();
  const list = await selectForgotten(db.manager, { now: opts.now, days: opts.days, tz: opts.tz, excludeCardedWithinDays: FORGOTTEN_CARD_EVERY_DAYS });
  const day = businessDate(opts.now, opts.tz);
  const entries: Array<NotifyEvent<typeof forgottenCustomer>> = list.map((f) => ({
    dedupeKey: `forgotten-customer:${f.customerId}:${day}`,
    to: [f.ownerWecomUserId],
    customerId: Number(f.customerId),
    payload: {
      customerId: f.customerId, customerName: f.customerName, days: f.days, lastFollowUpAt: f.lastFollowUpAt,
      lastFollowUpSummary: f.lastFollowUpSummary, ownerName: f.ownerName,
    },
  }));
  const affected = opts.dryRun || !entries.length ? 0 : await db.tx((em) => notifyMany(em, forgottenCustomer, entries, opts.now));
  const result: ForgottenJobResult = { job: 'forgotten-customers', now: opts.now.toISOString(), dryRun: !!opts.dryRun, forgotten: list.length, affected, ms: Math.round(performance.now() - started) };
  opts.logger?.info(result, `forgotten customers: ${list.length} found, ${affected} cards queued`);
  return result;
}
