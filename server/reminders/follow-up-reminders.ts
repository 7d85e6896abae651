import { notifyMany, type NotifyEvent } from '../notifications/notify.ts';
import { followUpDue } from './reminders.notifications.ts';
import type { CustomerLevel } from '../../entities/customer.entity.ts';
import { fromSqlTime, sqlTime, type Database } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { startOfDayAfter } from '../ownership/rules/business-calendar.ts';
import { followUpSummary, isLatestFollowUp } from '../follow-ups/latest-follow-up.repository.ts';

export type ReminderTier = 'day-before' | 'on-the-day';

/** Key customers are reminded the day before and on the day; the others on the day (tiered by value). */
export function reminderTiers(level: string): ReminderTier[] {
  return level === 'key' ? ['day-before', 'on-the-day'] : ['on-the-day'];
}

export interface FollowUpRemindersResult {
  job: 'follow-up-reminders';
  now: string;
  dryRun: boolean;
  due: number;
  affected: number;
  ms: number;
}


/**
 * Queues "follow-up due" cards from nextFollowUpAt. Only the latest follow-up of a customer
 * counts (a newer entry supersedes an older plan), the card goes to the current owner, and
 * the dedupe key (follow-up + tier) makes reruns harmless.
 */
export async function queueFollowUpReminders(db: Database, opts: { now: Date; tz: string; dryRun?: boolean; logger?: Logger }): Promise<FollowUpRemindersResult> {
  const started = performance.now();
  const today = startOfDayAfter(opts.now, 0, opts.tz);
  const tomorrow = startOfDayAfter(opts.now, 1, opts.tz);
  const dayAfter = startOfDayAfter(opts.now, 2, opts.tz);
  const rows: Array<{ id: number; customer_id: number; next_follow_up_at: string | Date; content: string; name: string; level: string; wecom_user_id: string }> =
    await db.manager.query(
      `SELECT f.id, f.customer_id, f.next_follow_up_at, f.content, c.name, c.level, u.wecom_user_id
       FROM follow_ups f JOIN customers c ON c.id = f.customer_id JOIN users u ON u.id = c.owner_id
       WHERE f.next_follow_up_at >= ? AND f.next_follow_up_at < ? AND u.status = 'active'
         AND ${isLatestFollowUp('f')}`,
      [sqlTime(today), sqlTime(dayAfter)],
    );
  const entries: Array<NotifyEvent<typeof followUpDue>> = [];
  for (const r of rows) {
    const next = fromSqlTime(r.next_follow_up_at);
    const tier: ReminderTier = next >= tomorrow ? 'day-before' : 'on-the-day';
    if (!reminderTiers(r.level).includes(tier)) continue;
    entries.push({
      dedupeKey: `follow-up-due:${r.id}:${tier}`,
      to: [r.wecom_user_id],
      customerId: Number(r.customer_id),
      payload: {
        customerId: String(r.customer_id), customerName: r.name, nextFollowUpAt: next.toISOString(), level: r.level as CustomerLevel,
        lastFollowUpSummary: followUpSummary(r.content), tier,
      },
    });
  }
  const affected = opts.dryRun || !entries.length ? 0 : await db.tx((em) => notifyMany(em, followUpDue, entries, opts.now));
  const result: FollowUpRemindersResult = { job: 'follow-up-reminders', now: opts.now.toISOString(), dryRun: !!opts.dryRun, due: entries.length, affected, ms: Math.round(performance.now() - started) };
  opts.logger?.info(result, `follow-up reminders: ${entries.length} due, ${affected} queued`);
  return result;
}
