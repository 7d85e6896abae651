import type { CustomerLevel } from '../../../entities/customer.entity.ts';
import { startOfDayAfter } from './business-calendar.ts';
import type { PoolRules, ReclaimRule } from './pool-rules.ts';

/** What the reclaim rules look at on one owned customer. */
export interface ReclaimFacts {
  level: CustomerLevel;
  /** When the current owner got it (created, claimed or assigned). */
  claimedAt: Date;
  lastFollowUpAt: Date | null;
  lastDealAt: Date | null;
}

export interface ReclaimDue {
  at: Date;
  rule: ReclaimRule;
}

/**
 * When the pool takes the customer back, and by which rule; null when no rule applies
 * (exempt level). "N days without X" means N whole business calendar days: the customer
 * returns at 00:00 business time on day N+1 after the anchor's day.
 *
 * - no_follow_up: anchor = the later of the last follow-up and the claim, so a fresh claim gets a full window.
 * - no_deal: anchor = the claim, unless a deal happened since the claim.
 * - no_repeat_deal (optional): anchor = the last deal, when it happened since the claim.
 * The earliest of the applicable rules wins.
 */
export function reclaimDueAt(c: ReclaimFacts, rules: PoolRules, tz: string): ReclaimDue | null {
  if (rules.exemptLevels.includes(c.level)) return null;
  const candidates: ReclaimDue[] = [];
  const followUpAnchor = c.lastFollowUpAt && c.lastFollowUpAt > c.claimedAt ? c.lastFollowUpAt : c.claimedAt;
  candidates.push({ at: startOfDayAfter(followUpAnchor, rules.noFollowUpDays + 1, tz), rule: 'no_follow_up' });
  const dealSinceClaim = c.lastDealAt !== null && c.lastDealAt >= c.claimedAt;
  if (!dealSinceClaim) {
    candidates.push({ at: startOfDayAfter(c.claimedAt, rules.noDealDays + 1, tz), rule: 'no_deal' });
  } else if (rules.noRepeatDealDays !== null) {
    candidates.push({ at: startOfDayAfter(c.lastDealAt!, rules.noRepeatDealDays + 1, tz), rule: 'no_repeat_deal' });
  }
  return candidates.reduce((a, b) => (b.at < a.at ? b : a));
}

/** True when the rules return the customer to the pool at `now`. */
export function isReclaimDue(c: ReclaimFacts, rules: PoolRules, now: Date, tz: string): boolean {
  const due = reclaimDueAt(c, rules, tz);
  return due !== null && due.at <= now;
}

/**
 * The same rules as instants to compare anchors with, for set-based SQL: a customer is due
 * at `now` under a rule of N days exactly when its anchor is before `cutoff(N)` — the start
 * of the business day N days before today. (Derivation: due = startOfDay(day(anchor)+N+1) <= now
 * ⟺ day(anchor) <= day(now)-N-1 ⟺ anchor < startOfDay(day(now)-N).)
 */
export function reclaimCutoff(now: Date, days: number, tz: string): Date {
  return startOfDayAfter(now, -days, tz);
}

/** The warning window opens at 00:00 business time, `warnDaysBefore` days before the due day. */
export function warningOpensAt(due: Date, rules: PoolRules, tz: string): Date {
  return startOfDayAfter(due, -rules.warnDaysBefore, tz);
}

/** The cycle a warning belongs to: a follow-up that moves the due date starts a new one. */
export function warningCycleKey(customerId: number, due: ReclaimDue, tz: string): string {
  return `reclaim-warning:${customerId}:${due.rule}:${startOfDayAfter(due.at, 0, tz).toISOString()}`;
}
