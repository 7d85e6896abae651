import type { CustomerLevel } from '../../../entities/customer.entity.ts';

/** A reclaim warning that reached a rep (an outbox row of kind reclaim-warning, sent). */
export interface SentWarning {
  customerId: number;
  /** The owner the warning was addressed to (its payload's ownerId). */
  ownerId: number;
  sentAt: Date;
  /** The reclaim instant the warning announced. */
  dueAt: Date;
}

/** The customer as it is now. */
export interface CustomerNow {
  id: number;
  ownerId: number | null;
  level: CustomerLevel;
  lastFollowUpAt: Date | null;
}

export interface EscalationSettings {
  /** Whether the managers' daily team digest is sent at all. */
  enabled: boolean;
  /** Levels worth a manager's attention (key and A by default). */
  levels: CustomerLevel[];
  /**
   * Business days the rep has to follow up after the warning before the manager hears of it:
   * 1 = the next morning (the warning must have arrived before today began), 2 = the morning after.
   */
  graceDays: number;
  /** Only customers whose reclaim is at most this many days away; null = the whole warning window. */
  dueWithinDays: number | null;
}

export const DEFAULT_ESCALATION_SETTINGS: EscalationSettings = { enabled: true, levels: ['key', 'A'], graceDays: 1, dueWithinDays: null };

const DAY_MS = 86_400_000;

export interface Escalation {
  customerId: number;
  ownerId: number;
  warnedAt: Date;
  dueAt: Date;
}

/**
 * Which warnings a manager must hear about this morning: the warning reached the rep before the
 * grace period began (`todayStart`, the start of the business day, minus `graceDays - 1` days;
 * business days are 24 h long in a time zone without daylight saving, which TZ_BUSINESS is), the
 * customer is still theirs, of a level in the settings, not reclaimed yet (due in the future) and
 * — when `dueWithinDays` is set — due within that many days, and nobody followed it up since the
 * warning. One entry per customer (its latest warning); sorted by due time, then id.
 */
export function selectEscalations(
  warnings: readonly SentWarning[], customers: ReadonlyMap<number, CustomerNow>, settings: EscalationSettings, now: Date, todayStart: Date,
): Escalation[] {
  if (!settings.enabled || !settings.levels.length) return [];
  const warnedBefore = new Date(todayStart.getTime() - (Math.max(1, settings.graceDays) - 1) * DAY_MS);
  const dueBy = settings.dueWithinDays === null ? null : new Date(now.getTime() + settings.dueWithinDays * DAY_MS);
  const latest = new Map<number, SentWarning>();
  for (const w of warnings) {
    if (w.sentAt >= warnedBefore) continue; // the rep is still within the grace period to act on it
    const seen = latest.get(w.customerId);
    if (!seen || w.sentAt > seen.sentAt) latest.set(w.customerId, w);
  }
  const out: Escalation[] = [];
  for (const w of latest.values()) {
    const c = customers.get(w.customerId);
    if (!c || c.ownerId === null || c.ownerId !== w.ownerId) continue; // reclaimed, released or handed over
    if (!settings.levels.includes(c.level)) continue;
    if (w.dueAt <= now) continue; // the sweep decides now, not a manager
    if (dueBy && w.dueAt > dueBy) continue; // not close enough to reclaim for this company's taste
    if (c.lastFollowUpAt && c.lastFollowUpAt >= w.sentAt) continue; // acted on
    out.push({ customerId: c.id, ownerId: c.ownerId, warnedAt: w.sentAt, dueAt: w.dueAt });
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.customerId - b.customerId);
}
