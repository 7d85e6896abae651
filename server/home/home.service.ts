import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../infra/clock.ts';
import { fromSqlTime, readQuery, sqlTime, type Database } from '../infra/db.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { startOfDayAfter } from '../ownership/rules/business-calendar.ts';
import { selectForgotten } from '../reminders/forgotten-customers.ts';
import { followUpSummary, isLatestFollowUp } from '../follow-ups/latest-follow-up.repository.ts';

/**
 * The rotating home cards (首页卡片) of the caller: forgotten customers, customers about to be
 * reclaimed, follow-ups planned for today. Computed live, so a card disappears the moment
 * the rep logs a follow-up — the same rules the bot's pushes use.
 */
export class HomeService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tz: string,
    private readonly forgottenDays: number,
    private readonly customers: CustomersService,
  ) {}

  async cards(actor: Actor) {
    const now = this.clock.now();
    const forgotten = await selectForgotten(this.db.manager, { now, days: this.forgottenDays, tz: this.tz, ownerId: actor.id, limit: 50 });
    const soon = await this.customers.list(actor, { scope: 'mine', q: undefined, soon: true, sort: 'updatedAt', page: 1, pageSize: 20 });
    const due: Array<{ customer_id: number; name: string; next_follow_up_at: string | Date; content: string }> = await readQuery(this.db.manager,
      // From the caller's customers (owner index) to their follow-ups (customer index): the
      // company's plans for today are many, one person's customers few.
      `SELECT f.customer_id, c.name, f.next_follow_up_at, f.content FROM customers c JOIN follow_ups f ON f.customer_id = c.id
       WHERE c.owner_id = ? AND f.next_follow_up_at >= ? AND f.next_follow_up_at < ?
         AND ${isLatestFollowUp('f')}
       ORDER BY f.next_follow_up_at`,
      [actor.id, sqlTime(startOfDayAfter(now, 0, this.tz)), sqlTime(startOfDayAfter(now, 1, this.tz))],
    );
    return {
      forgottenDays: this.forgottenDays,
      forgotten: forgotten
        .filter((f) => f.ownerId === String(actor.id))
        .map((f) => ({ customerId: f.customerId, customerName: f.customerName, level: f.level, days: f.days, lastFollowUpAt: f.lastFollowUpAt, lastFollowUpSummary: f.lastFollowUpSummary })),
      soonReclaimed: soon.items
        .filter((c) => c.ownerId === String(actor.id))
        .map((c) => ({
          customerId: c.id, customerName: c.name, level: c.level, reclaimAt: c.reclaimAt, lastFollowUpAt: c.lastFollowUpAt,
          reclaimDaysLeft: c.reclaimDaysLeft, reclaimUrgent: c.reclaimUrgent, daysSinceFollowUp: c.daysSinceFollowUp,
        })),
      dueToday: due.map((d) => ({
        customerId: String(d.customer_id), customerName: d.name,
        nextFollowUpAt: fromSqlTime(d.next_follow_up_at).toISOString(),
        lastFollowUpSummary: followUpSummary(d.content),
      })),
    };
  }
}
