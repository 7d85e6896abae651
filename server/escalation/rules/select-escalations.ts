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
  enabled: boolean;
  /** Levels worth a manager's attention (key and A by default). */
  levels: CustomerLevel[];
}

export const DEFAULT_ESCALATION_SETTINGS: EscalationSettings = { enabled: true, levels: ['key', 'A'] };

export interface Escalation {
  customerId: number;
  ownerId: number;
  warnedAt: Date;
  dueAt: Date;
}

/**
 * Which warnings a manager must hear about this morning: the warning reached the rep before
 * today began (`todayStart`, the start of the business day), the customer is still theirs, of a
 * level in the settings, not reclaimed yet (due in the future), and nobody followed it up since
 * the warning. One entry per customer (its latest warning); sorted by due time, then id.
 */
export function selectEscalations(
  warnings: readonly SentWarning[], customers: ReadonlyMap<number, CustomerNow>, settings: EscalationSettings, now: Date, todayStart: Date,
): Escalation[] {
  if (!settings.enabled || !settings.levels.length) return [];
  const latest = new Map<number, SentWarning>();
  for (const w of warnings) {
    if (w.sentAt >= todayStart) continue; // the rep has not had a day to act on it yet
    const seen = latest.get(w.customerId);
    if (!seen || w.sentAt > seen.sentAt) latest.set(w.customerId, w);
  }
  const out: Escalation[] = [];
  for (const w of latest.values()) {
    const c = customers.get(w.customerId);
    if (!c || c.ownerId === null || c.ownerId !== w.ownerId) continue; // reclaimed, released or handed over
    if (!settings.levels.includes(c.level)) continue;
    if (w.dueAt <= now) continue; // the sweep decides now, not a manager
    if (c.lastFollowUpAt && c.lastFollowUpAt >= w.sentAt) continue; // acted on
    out.push({ customerId: c.id, ownerId: c.ownerId, warnedAt: w.sentAt, dueAt: w.dueAt });
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.customerId - b.customerId);
}
