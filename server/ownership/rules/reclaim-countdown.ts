import { calendarDaysBetween } from './business-calendar.ts';
import type { PoolRules } from './pool-rules.ts';
import { warningOpensAt } from './reclaim-due.ts';

/** What the app shows next to a customer the pool will take back. */
export interface ReclaimCountdown {
  /** Whole business days until the reclaim: "3天后回收"; 0 on the due day and once it is past ("今天回收"). */
  daysLeft: number;
  /**
   * Inside the pool's warning window (`warnDaysBefore`): the days the owner is warned in chat and
   * the customer is listed as "即将回收" — the same window, so what is red is what was warned.
   */
  urgent: boolean;
}

export function reclaimCountdown(dueAt: Date, rules: PoolRules, now: Date, tz: string): ReclaimCountdown {
  return {
    daysLeft: Math.max(0, calendarDaysBetween(now, dueAt, tz)),
    urgent: warningOpensAt(dueAt, rules, tz) <= now,
  };
}
