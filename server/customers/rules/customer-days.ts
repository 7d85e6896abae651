import { businessDaysSince } from '../../ownership/rules/business-calendar.ts';
import type { PoolRules } from '../../ownership/rules/pool-rules.ts';
import { reclaimCountdown } from '../../ownership/rules/reclaim-countdown.ts';

/** What the day counts of a customer look at. */
export interface CustomerDayFacts {
  ownerId: number | null;
  createdAt: Date;
  lastFollowUpAt: Date | null;
  poolEnteredAt: Date | null;
}

/** The day counts the app shows on a customer, all from the business calendar; the client counts none. */
export interface CustomerDays {
  /** Whole business days until the reclaim ("3天后回收", 0: "今天回收"); null when none is due. */
  reclaimDaysLeft: number | null;
  /** Inside its pool's warning window (`warnDaysBefore`): shown red. */
  reclaimUrgent: boolean;
  /** Whole business days since the last follow-up, or since it was created when nobody followed it up. */
  daysSinceFollowUp: number;
  /** Whole business days it has sat in the pool; null while someone owns it (or when unknown). */
  daysInPool: number | null;
}

/** `reclaim`: when its pool takes it back (reclaimDueAt) and that pool's rules; null when never. */
export function customerDays(c: CustomerDayFacts, reclaim: { at: Date; rules: PoolRules } | null, now: Date, tz: string): CustomerDays {
  const countdown = reclaim ? reclaimCountdown(reclaim.at, reclaim.rules, now, tz) : null;
  return {
    reclaimDaysLeft: countdown?.daysLeft ?? null,
    reclaimUrgent: countdown?.urgent ?? false,
    daysSinceFollowUp: businessDaysSince(c.lastFollowUpAt ?? c.createdAt, now, tz),
    daysInPool: c.ownerId === null && c.poolEnteredAt ? businessDaysSince(c.poolEnteredAt, now, tz) : null,
  };
}
